import type { MigrationSet } from '@forum/database';
import { createThreads } from './0001-create-threads';

/** Every migration of the threads database, applied in name order at start; forward only, never edited once shipped. */
export const threadsMigrations: MigrationSet = {
  '0001-create-threads': createThreads,
};
