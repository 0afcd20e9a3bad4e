import type { MigrationSet } from '@forum/database';
import { createUsers } from './0001-create-users';

/** Every migration of the users database, applied in name order at start; forward only, never edited once shipped. */
export const usersMigrations: MigrationSet = {
  '0001-create-users': createUsers,
};
