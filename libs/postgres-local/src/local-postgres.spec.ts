import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { LocalPostgres } from './local-postgres';

const query = async (url: string, sql: string) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};
const urlOf = (login: { user: string; password: string; host: string; port: number; database: string }, database = login.database) =>
  `postgres://${login.user}:${encodeURIComponent(login.password)}@${login.host}:${login.port}/${database}`;

// initdb and each start or stop of a real server take about a second alone, and several times that while a build
// shares the machine: jest's 5 s default made these tests flaky under `npm test`.
const SERVER_TEST_TIMEOUT_MS = 60_000;

describe('LocalPostgres', () => {
  let dir: string;
  let server: LocalPostgres | undefined;

  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'postgres-local-'))));
  afterEach(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, SERVER_TEST_TIMEOUT_MS);

  it('gives each service a database only its own role can reach, and keeps the data across a restart', async () => {
    server = await LocalPostgres.start({ dir, ephemeral: false });
    const users = await server.ensureServiceDatabase('users');
    const threads = await server.ensureServiceDatabase('threads');
    await query(urlOf(users), 'CREATE TABLE t (v int); INSERT INTO t VALUES (42)');
    await expect(query(urlOf(threads, 'users'), 'SELECT 1')).rejects.toThrow(/permission denied for database "users"/);

    const port = server.port;
    await server.stop();
    expect(server.pid).toBeUndefined();
    server = await LocalPostgres.start({ dir, port });
    const again = await server.ensureServiceDatabase('users');
    expect(again.password).toBe(users.password);
    expect(await query(urlOf(again), 'SELECT v FROM t')).toEqual([{ v: 42 }]);
  }, SERVER_TEST_TIMEOUT_MS);

  it('reports an exit it did not ask for, and starts again on the same port', async () => {
    const exits: string[] = [];
    server = await LocalPostgres.start({ dir, ephemeral: true, onUnexpectedExit: (how) => exits.push(how) });
    const port = server.port;
    process.kill(-(server.pid ?? 0), 'SIGKILL');
    while (exits.length === 0) await new Promise((r) => setTimeout(r, 50));
    expect(exits).toEqual(['killed by SIGKILL']);
    await server.restart();
    expect(server.port).toBe(port);
    expect(await query(server.superuserUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  }, SERVER_TEST_TIMEOUT_MS);
});
