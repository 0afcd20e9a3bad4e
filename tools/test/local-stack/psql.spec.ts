import { closeSync, openSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalPostgres } from '@forum/postgres-local';
import { openPsql, PSQL_INSTALL_HINT } from '../../src/local-stack/psql';
import { postgresDir } from '../../src/local-stack/stack-postgres';
import { writeStateFile } from '../../src/local-stack/state-file';

/** Runs openPsql with its output in a file, as a terminal would see it. */
async function psql(stateDir: string, service: string, args: string[]): Promise<{ code: number; output: string }> {
  const file = join(stateDir, `psql-${Date.now()}.out`);
  const fd = openSync(file, 'w');
  try {
    const code = await openPsql(stateDir, service, args, { stdio: ['ignore', fd, fd] });
    return { code, output: readFileSync(file, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

describe('npm start -- psql <service>', () => {
  let stateDir: string;
  let server: LocalPostgres;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-stack-psql-'));
    // As root the server runs as the postgres user, which must pass through the private temp folder.
    await chmod(stateDir, 0o711);
    server = await LocalPostgres.start({ dir: postgresDir(stateDir), ephemeral: true });
    for (const name of ['users', 'threads']) await server.ensureServiceDatabase(name);
    await writeStateFile(stateDir, {
      gateway: { url: 'http://localhost:1' },
      cloudMap: { endpoint: 'http://127.0.0.1:1', dnsPort: 1, namespace: 'forum.local' },
      postgres: { host: server.host, port: server.port, pid: server.pid ?? 0, dir: postgresDir(stateDir), databases: ['users', 'threads'] },
      instances: [],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it("opens the service's own database as its role, passing the arguments after -- to psql", async () => {
    const { code, output } = await psql(stateDir, 'users', ['-Atc', 'SELECT current_user, current_database()']);
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'users|users' });
  });

  it("returns psql's exit code when the role may not reach another service's database", async () => {
    const { code, output } = await psql(stateDir, 'threads', ['-d', 'users', '-c', 'SELECT 1']);
    expect(code).toBe(2);
    expect(output).toContain('permission denied for database "users"');
  });

  it('says how to install psql when it is missing', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = join(stateDir, 'no-such-bin');
    try {
      await expect(openPsql(stateDir, 'users', [])).rejects.toThrow(PSQL_INSTALL_HINT);
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('says what to start when no stack runs in the state folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'local-stack-psql-none-'));
    try {
      await expect(openPsql(empty, 'users', [])).rejects.toThrow(`no local stack is running with state folder ${empty}`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
