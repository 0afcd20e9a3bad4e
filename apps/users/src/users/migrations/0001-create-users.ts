import { type Kysely, sql } from 'kysely';

/** Users with numeric ids; usernames unique without regard to case, enforced by the index, not by a check. */
export const createUsers = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('users_username_lower_key').unique().on('users').expression(sql`lower(username)`).execute();
  },
};
