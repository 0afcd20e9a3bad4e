import { randomBytes } from 'node:crypto';
import { ensureServiceDatabase, TEST_POSTGRES_URL } from '@forum/postgres-local';
import { Kysely, PostgresDialect } from 'kysely';
import { Client, Pool } from 'pg';
import { type MigrationSet, runMigrations } from '../migrations/run-migrations';

/** A database of its own for one test file, and how a service reaches it. */
export interface TestDatabase {
  /** The variables a service reads (STORAGE, PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD). */
  readonly env: Readonly<Record<string, string>>;
  /** The same login as one connection string. */
  readonly url: string;
  /** Empties every table but the migration bookkeeping and restarts the ids, so the next app seeds afresh. */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database and login role on the run's PostgreSQL (started by `jest-global-setup.ts`), so test
 * files never see each other's rows and runs are repeatable.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_POSTGRES_URL];
  if (!adminUrl) throw new Error(`${TEST_POSTGRES_URL} is not set: add globalSetup/globalTeardown from libs/postgres-local/src/jest to this project's jest config`);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await ensureServiceDatabase(adminUrl, name, password);
  const admin = new URL(adminUrl);
  const env = {
    STORAGE: 'postgres',
    PGHOST: admin.hostname,
    PGPORT: admin.port,
    PGDATABASE: name,
    PGUSER: name,
    PGPASSWORD: password,
  };
  const run = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const ownUrl = `postgres://${name}:${password}@${admin.host}/${name}`;
  return {
    env,
    url: ownUrl,
    truncate: () =>
      run(
        ownUrl,
        `DO $$ DECLARE t text; BEGIN
           FOR t IN SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%'
           LOOP EXECUTE 'TRUNCATE ' || t || ' RESTART IDENTITY CASCADE'; END LOOP; END $$`,
      ),
    drop: async () => {
      await run(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await run(adminUrl, `DROP ROLE IF EXISTS "${name}"`);
    },
  };
}

/**
 * For a repository suite: a database of its own with `migrations` applied once, emptied before each test and dropped
 * at the end. Call it inside a describe block; the getter gives the Kysely instance from `beforeAll` on.
 */
export function useMigratedTestDatabase<DB>(prefix: string, migrations: MigrationSet): () => Kysely<DB> {
  let database: TestDatabase | undefined;
  let db: Kysely<DB> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(prefix);
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url }) }) });
    await runMigrations(db as Kysely<unknown>, migrations);
  });
  beforeEach(async () => database?.truncate());
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });
  return () => {
    if (!db) throw new Error('the test database is created in beforeAll');
    return db;
  };
}
