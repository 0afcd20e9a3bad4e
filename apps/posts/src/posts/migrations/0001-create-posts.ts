import type { Kysely } from 'kysely';

/**
 * Posts with numeric ids. Thread and author are ids owned by other services, so no foreign keys; the indexes serve
 * the two list routes (posts in a thread, posts by a user), each in id order.
 */
export const createPosts = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('posts')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      .addColumn('thread_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('posts_thread_id_id_idx').on('posts').columns(['thread_id', 'id']).execute();
    await db.schema.createIndex('posts_user_id_id_idx').on('posts').columns(['user_id', 'id']).execute();
  },
};
