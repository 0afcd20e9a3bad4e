import { Controller, Get, Module } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalPostgres } from '@forum/postgres-local';
import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import { createTestApp, type TestApp } from '@forum/service-kit/testing';
import { type Generated, type Kysely, sql } from 'kysely';
import { Client } from 'pg';
import request from 'supertest';
import { withDatabaseEnv } from './config/database-env';
import { DatabaseModule } from './database.module';
import { seedEmptyTable } from './seed-rows';
import { ServiceDatabase } from './service-database';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

interface Tables {
  items: { id: Generated<number>; name: string };
}

const schema = {
  migrations: {
    '0001-create-items': {
      up: async (db: Kysely<unknown>) => {
        await db.schema
          .createTable('items')
          .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
          .addColumn('name', 'text', (c) => c.notNull())
          .execute();
      },
    },
  },
  seed: (db: Kysely<unknown>) =>
    seedEmptyTable(db, 'items', [
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]),
};

@Controller('items')
class ItemsController {
  constructor(private readonly database: ServiceDatabase) {}

  @Get()
  async list(): Promise<unknown> {
    const db = this.database.kysely as Kysely<Tables>;
    return db.selectFrom('items').selectAll().orderBy('id').execute();
  }

  @Get('slow')
  async slow(): Promise<unknown> {
    const db = this.database.kysely as Kysely<Tables>;
    await sql`SELECT pg_sleep(30)`.execute(db);
    return 'done';
  }

  @Get('add')
  async add(): Promise<unknown> {
    const db = this.database.kysely as Kysely<Tables>;
    return db.insertInto('items').values({ name: 'new' }).returning('id').executeTakeFirstOrThrow();
  }
}

@Module({ imports: [DatabaseModule.forService(schema)], controllers: [ItemsController] })
class ItemsModule {}

const configSchema = withDatabaseEnv(baseConfigSchema.extend({ SEED_DATA: boolVar(false) }));
const loadConfig = (env: Record<string, string>) => parseConfig(configSchema, { SEED_DATA: 'true', DB_CONNECT_TIMEOUT_MS: '1000', ...env });

describe('withDatabaseEnv', () => {
  it('names every missing login variable in one message', () => {
    expect(() => parseConfig(configSchema, { PGHOST: 'db' })).toThrow(
      'STORAGE: postgres needs DATABASE_URL or PGHOST, PGDATABASE, PGUSER, PGPASSWORD; missing PGDATABASE, PGUSER, PGPASSWORD (or set STORAGE=memory)',
    );
  });

  it('accepts a DATABASE_URL alone, or STORAGE=memory with nothing else', () => {
    expect(parseConfig(configSchema, { DATABASE_URL: 'postgres://u:p@db/users' })).toMatchObject({ STORAGE: 'postgres', PGPORT: 5432 });
    expect(parseConfig(configSchema, { STORAGE: 'memory' })).toMatchObject({ STORAGE: 'memory' });
    expect(() => parseConfig(configSchema, { STORAGE: 'mysql', DATABASE_URL: 'mysql://x' })).toThrow(/STORAGE: expected postgres or memory\n {2}DATABASE_URL/);
  });
});

describe('ServiceDatabase', () => {
  let database: TestDatabase;
  let apps: TestApp[] = [];
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(() => database.drop());
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });
  const start = async (env: Record<string, string>) => {
    const app = await createTestApp({ module: ItemsModule, config: loadConfig(env) });
    apps.push(app);
    return app;
  };

  it('migrates and seeds once when several instances start together, then serves', async () => {
    const [a, b, c] = await Promise.all([start(database.env), start(database.env), start(database.env)]);
    for (const t of [a, b, c]) await request(t.server).get('/ready').expect(200);
    await request(a.server).get('/items').expect(200, [
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
    await request(b.server).get('/items/add').expect(200, { id: 3 });
    expect((await request(c.server).get('/items')).body).toHaveLength(3);
    expect(a.logs.withMessage('database ready').length + b.logs.withMessage('database ready').length).toBe(2);
  });

  it('closes its pool when the app closes', async () => {
    const t = await start(database.env);
    await request(t.server).get('/items').expect(200);
    await t.close();
    apps = apps.filter((x) => x !== t);
    await expect(t.app.get(ServiceDatabase).kysely?.selectFrom('items' as never).selectAll().execute()).rejects.toThrow();
  });

  describe('when the database goes away', () => {
    let dir: string;
    let server: LocalPostgres;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'database-outage-'));
      // Durable settings: a killed server must come back with every committed row, as in the local stack.
      server = await LocalPostgres.start({ dir });
      // A real server's initdb and start: seconds while a build shares the machine, past jest's 5 s default.
    }, 30_000);
    afterEach(async () => {
      await Promise.all(apps.map((a) => a.close()));
      apps = [];
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it('answers 503 naming the database, logs the outage once, and recovers by itself', async () => {
      const login = await server.ensureServiceDatabase('items');
      const env = { PGHOST: login.host, PGPORT: String(login.port), PGDATABASE: 'items', PGUSER: 'items', PGPASSWORD: login.password };
      const t = await start(env);
      await request(t.server).get('/items').expect(200);

      // The whole server at once (postmaster and backends), as when its host dies.
      process.kill(-(server.pid ?? 0), 'SIGKILL');
      while (server.pid !== undefined) await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 5; i++) {
        const res = await request(t.server).get('/items').set('X-Request-Id', `down-${i}`).expect(503);
        expect(res.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/^database "items" unavailable: /), requestId: `down-${i}` });
      }
      expect(t.logs.withMessage('database unavailable')).toHaveLength(1);

      await server.restart();
      await request(t.server).get('/items').expect(200);
      expect(t.logs.withMessage('database available again')).toHaveLength(1);
    }, 30_000);

    it('answers 503 when the server dies under a running query, instead of crashing on the checked-out client', async () => {
      const login = await server.ensureServiceDatabase('items');
      const env = { PGHOST: login.host, PGPORT: String(login.port), PGDATABASE: 'items', PGUSER: 'items', PGPASSWORD: login.password };
      const t = await start({ ...env, DB_STATEMENT_TIMEOUT_MS: '60000' });
      const slow = request(t.server).get('/items/slow').then((res) => res);
      const admin = new Client({ connectionString: server.superuserUrl });
      await admin.connect();
      while ((await admin.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'")).rowCount === 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.end().catch(() => undefined);
      process.kill(-(server.pid ?? 0), 'SIGKILL');
      const res = await slow;
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/^database "items" unavailable: /);
      // The broken connection can answer before the killed postmaster's exit has been seen here.
      while (server.pid !== undefined) await new Promise((r) => setTimeout(r, 50));
      await server.restart();
      await request(t.server).get('/items').expect(200);
    }, 30_000);

    it('starts while the database is down: /ready 503 and requests 503 until it is reachable, then migrates', async () => {
      const login = await server.ensureServiceDatabase('items');
      await server.stop();
      const env = { PGHOST: login.host, PGPORT: String(login.port), PGDATABASE: 'items', PGUSER: 'items', PGPASSWORD: login.password };
      const t = await start(env);
      const ready = await request(t.server).get('/ready').expect(503);
      expect(ready.body.message).toMatch(/^database: unreachable \(connection refused\), retrying$/);
      const res = await request(t.server).get('/items').expect(503);
      expect(res.body.message).toMatch(/^database "items" unavailable: /);

      await server.restart();
      const deadline = Date.now() + 20_000;
      while ((await request(t.server).get('/ready')).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await request(t.server).get('/items').expect(200);
    }, 30_000);
  });
});
