import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProgram, MissingProgramError } from '../gateway/nginx-binary';
import { postgresDir } from './stack-postgres';
import { stateFilePath, type StackState } from './state-file';
import type { ServiceDatabaseLogin } from '@forum/postgres-local';

/** How to install the client, printed when `psql` is missing. */
export const PSQL_INSTALL_HINT = [
  'psql is not installed; it comes with the PostgreSQL client (any version from 13 talks to the local server):',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y postgresql-client',
  '  macOS:          brew install libpq && brew link --force libpq',
].join('\n');

/**
 * The running stack in `stateDir` (its state.json) and `service`'s database login there (undefined for a service
 * without a database), or an error saying what to start first.
 */
export function readStackLogin(stateDir: string, service: string): { state: StackState; login?: ServiceDatabaseLogin } {
  const statePath = stateFilePath(stateDir);
  if (!existsSync(statePath)) {
    throw new Error(`no local stack is running with state folder ${stateDir} (no ${statePath}); start one with npm start in another terminal`);
  }
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as StackState;
  if (!state.postgres) throw new Error(`${statePath} has no postgres entry; restart the stack with this version of npm start`);
  if (!state.postgres.databases.includes(service)) return { state };
  const credentialsPath = join(postgresDir(stateDir), 'credentials.json');
  const credentials = JSON.parse(readFileSync(credentialsPath, 'utf8')) as { services?: Record<string, string> };
  const password = credentials.services?.[service];
  if (!password) throw new Error(`${credentialsPath} has no login for ${service}; does the running stack include it (--only)?`);
  const { host, port } = state.postgres;
  return { state, login: { host, port, database: service, user: service, password } };
}

/** How `openPsql` runs the client; the terminal's own streams unless a caller (a test) wants the output. */
export interface PsqlOptions {
  stdio?: StdioOptions;
}

/**
 * Runs `psql` on `service`'s database as that service's role, against the stack running in `stateDir`: the port
 * comes from state.json, the password from `<stateDir>/postgres/credentials.json` (through PGPASSWORD, never on the
 * command line). Resolves with psql's exit code.
 */
export async function openPsql(stateDir: string, service: string, psqlArgs: readonly string[], options: PsqlOptions = {}): Promise<number> {
  const { login } = readStackLogin(stateDir, service);
  if (!login) throw new Error(`${service} has no database in the running stack (does it own one, and does the stack run it? see --only)`);
  const password = login.password;

  let psql: string;
  try {
    psql = await findProgram('psql');
  } catch (err) {
    if (err instanceof MissingProgramError) throw new Error(PSQL_INSTALL_HINT);
    throw err;
  }
  const args = ['--host', login.host, '--port', String(login.port), '--username', service, '--dbname', service, ...psqlArgs];
  const child = spawn(psql, args, {
    stdio: options.stdio ?? 'inherit',
    env: { ...process.env, PGPASSWORD: password, PGAPPNAME: 'local-stack psql', PGSSLMODE: 'disable' },
  });
  // Ctrl-C in the shell cancels the running query; psql gets the signal itself, the runner must outlive it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`could not run ${psql}: ${err.message}`)));
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    process.off('SIGINT', ignore);
  }
}
