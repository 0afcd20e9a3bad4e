import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { getService, type ServiceDefinition } from '@forum/service-catalog';
import { RecordedProgress } from './support/recorded-progress';
import { startStackPostgres, type StackPostgres } from '../../src/local-stack/stack-postgres';
import { serviceEnv } from '../../src/local-stack/service-env';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// initdb and server starts take seconds on a busy machine.
const SLOW = 60_000;

async function query(env: Record<string, string>, sql: string): Promise<unknown[]> {
  const client = new Client({ host: env['PGHOST'], port: Number(env['PGPORT']), database: env['PGDATABASE'], user: env['PGUSER'], password: env['PGPASSWORD'] });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the local stack PostgreSQL', () => {
  const users = getService('users');
  // A service that keeps no data, derived from a real one.
  const stateless: ServiceDefinition = { ...getService('threads'), name: 'stateless', database: undefined };
  const discovery = { endpoint: 'http://127.0.0.1:1', namespace: 'forum.local' };
  let stateDir: string;
  let db: StackPostgres | undefined;
  let progress: RecordedProgress;
  let changes: number;
  const start = (fresh = false) => startStackPostgres({ stateDir, fresh, services: [users, stateless], progress, onChange: async () => void changes++ });

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'stack-postgres-'));
    progress = new RecordedProgress();
    changes = 0;
  });
  afterEach(async () => {
    await db?.stop();
    db = undefined;
    await rm(stateDir, { recursive: true, force: true });
  }, SLOW);

  it('gives a database service its own login in its env, and a service without a database STORAGE=memory', async () => {
    db = await start();
    expect([...db.logins.keys()]).toEqual(['users']);
    const env = serviceEnv(users, '127.0.0.2', discovery, db.logins.get('users'));
    expect(env).toMatchObject({ STORAGE: 'postgres', PGHOST: '127.0.0.1', PGPORT: String(db.state().port), PGDATABASE: 'users', PGUSER: 'users', SEED_DATA: 'true', DB_SSL: 'disable' });
    expect(await query(env, 'SELECT current_user AS who')).toEqual([{ who: 'users' }]);
    const bare = serviceEnv(stateless, '127.0.0.3', discovery, db.logins.get('stateless'));
    expect(bare['STORAGE']).toBe('memory');
    expect(Object.keys(bare).filter((k) => k.startsWith('PG'))).toEqual([]);
    expect(db.state()).toMatchObject({ host: '127.0.0.1', dir: join(stateDir, 'postgres'), databases: ['users'] });
  }, SLOW);

  it('starts a killed server again on the same port, says so, and reports the new pid', async () => {
    db = await start();
    const before = db.state();
    process.kill(before.pid, 'SIGKILL');
    while (changes === 0) await sleep(50);
    const after = db.state();
    expect(after.port).toBe(before.port);
    expect(after.pid).not.toBe(before.pid);
    expect(progress.lines).toContain(`warning: PostgreSQL exited unexpectedly (killed by SIGKILL); starting it again on 127.0.0.1:${before.port}, services reconnect by themselves`);
    expect(await query(serviceEnv(users, '127.0.0.2', discovery, db.logins.get('users')), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  }, SLOW);

  it('keeps rows across a stop and start, and --fresh wipes them', async () => {
    db = await start();
    await query(serviceEnv(users, '127.0.0.2', discovery, db.logins.get('users')), 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)');
    await db.stop();
    db = await start();
    const env = serviceEnv(users, '127.0.0.2', discovery, db.logins.get('users'));
    expect(await query(env, 'SELECT v FROM kept')).toEqual([{ v: 7 }]);
    await db.stop();
    db = await start(true);
    expect(progress.lines).toContain(`--fresh: wiping ${join(stateDir, 'postgres')} (every service's data; the seed comes back)`);
    await expect(query(serviceEnv(users, '127.0.0.2', discovery, db.logins.get('users')), 'SELECT v FROM kept')).rejects.toThrow(/relation "kept" does not exist/);
  }, SLOW);
});
