import type { MigrationSet } from '@forum/database';
import { createPosts } from './0001-create-posts';

/** Every migration of the posts database, applied in name order at start; forward only, never edited once shipped. */
export const postsMigrations: MigrationSet = {
  '0001-create-posts': createPosts,
};
