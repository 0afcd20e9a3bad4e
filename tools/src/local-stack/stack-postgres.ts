import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalPostgres, stopLeftoverServer, type ServiceDatabaseLogin } from '@forum/postgres-local';
import type { ServiceDefinition } from '@forum/service-catalog';
import type { Progress } from './progress';
import type { PostgresState } from './state-file';

/** Restart attempts after a crash wait this long, doubling up to the cap, while the old server's backends exit. */
const RESTART_BACKOFF_MS = { first: 250, max: 5_000 };

/** The stack's PostgreSQL server and each database service's login. */
export interface StackPostgres {
  /** Login of each service that owns a database (catalog `database`); services without one are absent. */
  readonly logins: ReadonlyMap<string, ServiceDatabaseLogin>;
  /** Where it listens now, for state.json. */
  state(): PostgresState;
  stop(): Promise<void>;
  killNow(): void;
}

/** How to start the stack's server. */
export interface StackPostgresOptions {
  stateDir: string;
  /** Wipe `<stateDir>/postgres` first: every service starts again from its migrations and seed. */
  fresh: boolean;
  services: readonly ServiceDefinition[];
  progress: Progress;
  /** Called when the server moved to a new pid (after a crash), so state.json follows. */
  onChange: () => Promise<void>;
}

/** The folder the stack keeps PostgreSQL's data, log and logins in. */
export function postgresDir(stateDir: string): string {
  return join(stateDir, 'postgres');
}

/**
 * Starts the embedded PostgreSQL in `<stateDir>/postgres` and creates a database and role for each service that owns
 * one. A server that exits unexpectedly is started again on the same port, as Aurora fails over behind the same
 * endpoint; the services reconnect on their own.
 */
export async function startStackPostgres(options: StackPostgresOptions): Promise<StackPostgres> {
  const { stateDir, progress } = options;
  const dir = postgresDir(stateDir);
  if (options.fresh) {
    progress.step(`--fresh: wiping ${dir} (every service's data; the seed comes back)`);
    // A runner killed outright leaves its server running on the folder about to be deleted.
    await stopLeftoverServer(join(dir, 'data'));
    await rm(dir, { recursive: true, force: true });
  }
  await ensureReachableByPostgres(stateDir);
  let stopped = false;
  let restarting = false;
  // The exit callback is handed over before the server object exists.
  const current: { server?: LocalPostgres } = {};

  const restartAfterCrash = async (how: string) => {
    const running = current.server;
    if (stopped || restarting || !running) return;
    restarting = true;
    progress.warn(`PostgreSQL exited unexpectedly (${how}); starting it again on ${running.host}:${running.port}, services reconnect by themselves`);
    for (let delay = RESTART_BACKOFF_MS.first; !stopped; delay = Math.min(delay * 2, RESTART_BACKOFF_MS.max)) {
      await sleep(delay);
      if (stopped) break;
      try {
        await running.restart();
        progress.step(`PostgreSQL is back on ${running.host}:${running.port} (pid ${running.pid})`);
        await options.onChange();
        break;
      } catch (err) {
        progress.warn(`PostgreSQL did not start again, retrying in ${Math.min(delay * 2, RESTART_BACKOFF_MS.max) / 1000}s: ${(err as Error).message}`);
      }
    }
    restarting = false;
  };

  progress.step(`starting PostgreSQL in ${dir}`);
  const started = await LocalPostgres.start({
    dir,
    onNote: (message) => progress.step(message),
    onUnexpectedExit: (how) => void restartAfterCrash(how),
  });
  current.server = started;
  const logins = new Map<string, ServiceDatabaseLogin>();
  try {
    for (const s of options.services.filter((x) => x.database)) logins.set(s.name, await started.ensureServiceDatabase(s.name));
  } catch (err) {
    await started.stop();
    throw err;
  }
  const names = [...logins.keys()];
  progress.step(`PostgreSQL on ${started.host}:${started.port} (pid ${started.pid}), ${names.length ? `databases ${names.join(', ')}` : 'no service owns a database'}`);
  return {
    logins,
    state: () => ({ host: started.host, port: started.port, pid: started.pid ?? 0, dir, databases: names }),
    stop: async () => {
      stopped = true;
      await started.stop();
    },
    killNow: () => {
      stopped = true;
      started.killNow();
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user (it refuses root), which must pass through every folder above its
 * data. The state folder may be private (`mktemp -d`): it gets the search bit for others, which lists nothing. A
 * private folder further up is the person's to open, so say which one.
 */
async function ensureReachableByPostgres(stateDir: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  const dir = resolve(stateDir);
  await mkdir(dir, { recursive: true });
  const own = await stat(dir);
  if ((own.mode & 0o001) === 0) await chmod(dir, (own.mode & 0o7777) | 0o001);
  for (let up = dirname(dir); up !== dirname(up); up = dirname(up)) {
    if (((await stat(up)).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the postgres user here (root may not run it), and it cannot pass through ${up}; run \`chmod o+x ${up}\` or use a --state-dir it can reach`);
    }
  }
}
