import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One running instance as scripts and tests see it. */
export interface InstanceState {
  service: string;
  address: string;
  port: number;
  pid: number;
  instanceId: string;
}

/** Where the stack's PostgreSQL listens (logins are in `<dir>/credentials.json`, never here). */
export interface PostgresState {
  host: string;
  port: number;
  /** The postmaster; it changes when the stack starts the server again after a crash. */
  pid: number;
  /** `<state-dir>/postgres`: data, log and the services' logins. */
  dir: string;
  /** The services that own a database there, each named after its service. */
  databases: string[];
}

/** `.local-stack/state.json`: what the stack started, kept current as instances come and go. */
export interface StackState {
  gateway: { url: string };
  cloudMap: { endpoint: string; dnsPort: number; namespace: string };
  postgres: PostgresState;
  instances: InstanceState[];
}

/** The state file's path inside a state folder. */
export function stateFilePath(stateDir: string): string {
  return join(stateDir, 'state.json');
}

/** Writes the state atomically (write then rename), so a reader never sees half a file. */
export async function writeStateFile(stateDir: string, state: StackState): Promise<void> {
  const target = stateFilePath(stateDir);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temp, target);
}

/** Removes the state file once nothing is running any more. */
export async function removeStateFile(stateDir: string): Promise<void> {
  await rm(stateFilePath(stateDir), { force: true });
}
