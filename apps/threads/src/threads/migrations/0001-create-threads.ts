import type { Kysely } from 'kysely';

/** Threads with numeric ids; `created_by` is a users-service id, so no foreign key (another service's data). */
export const createThreads = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('threads')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.notNull())
      .execute();
  },
};
