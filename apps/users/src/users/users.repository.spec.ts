import { createTestDatabase, type TestDatabase } from '@forum/database/testing';
import { runMigrations } from '@forum/database';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { InMemoryUsersRepository } from './in-memory-users.repository';
import { usersMigrations } from './migrations';
import { PostgresUsersRepository } from './postgres-users.repository';
import { describeUsersRepositoryContract } from './users.repository.contract';
import type { UsersTables } from './users.tables';

describe('InMemoryUsersRepository', () => {
  describeUsersRepositoryContract(async () => new InMemoryUsersRepository());
});

describe('PostgresUsersRepository', () => {
  let database: TestDatabase;
  let db: Kysely<UsersTables>;
  beforeAll(async () => {
    database = await createTestDatabase('users');
    const { PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD } = database.env;
    db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ host: PGHOST, port: Number(PGPORT), database: PGDATABASE, user: PGUSER, password: PGPASSWORD }) }) });
    await runMigrations(db as Kysely<unknown>, usersMigrations);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  describeUsersRepositoryContract(async () => {
    await database.truncate();
    return new PostgresUsersRepository(db);
  });
});
