import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
const TSX = join(WORKSPACE_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = 'tools/src/local-stack/cli.ts';

/** The shape `.local-stack/state.json` has (see the local stack section of the root README). */
export interface StackState {
  gateway: { url: string };
  cloudMap: { endpoint: string; dnsPort: number; namespace: string };
  postgres: { host: string; port: number; pid: number; dir: string; databases: string[] };
  instances: Array<{ service: string; address: string; port: number; pid: number; instanceId: string }>;
}

/** `npm start` as a user runs it, in a state folder and on a gateway port of its own. */
export interface StackProcess {
  stateDir: string;
  gatewayUrl: string;
  output(): string;
  state(): StackState;
  nginxPid(): number;
  log(instanceId: string): string;
  /** Runs `npm start -- restart <target>` against this stack. */
  restart(target: string): Promise<string>;
  /** Runs `npm start -- psql <service> -- <args>` against this stack; resolves with its output, rejects on failure. */
  psql(service: string, args: string[]): Promise<string>;
  /** Runs `npm start -- trace <id> [args]` against this stack's logs; resolves with its output, rejects on failure. */
  trace(id: string, args?: string[]): Promise<string>;
  /** SIGTERM, as Ctrl-C would, wait for the runner to exit, then remove the state folder unless the caller owns it. */
  stop(): Promise<number | null>;
}

/** Options of {@link startStack}. */
export interface StartStackOptions {
  /** A state folder the caller created and removes (to start a stack again on the same data); a fresh one otherwise. */
  stateDir?: string;
  timeoutMs?: number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function runCli(args: string[]): ChildProcess {
  return spawn(TSX, ['--tsconfig', 'tsconfig.base.json', CLI, ...args], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, NX_DAEMON: 'false' },
  });
}

/** Runs one CLI command to its end; resolves with its output when it exits 0. */
function runToEnd(args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    const child = runCli(args);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? res(out) : rej(new Error(`${args[0]} exited ${code}: ${out}`))));
  });
}

/** Starts the stack with `args` (plus its own --state-dir and --gateway-port) and waits until it says ready. */
export async function startStack(args: string[], options: StartStackOptions = {}): Promise<StackProcess> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'local-stack-e2e-')));
  const port = await freePort();
  const child = runCli([...args, '--state-dir', stateDir, '--gateway-port', String(port)]);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + timeoutMs;
  while (!/\] ready\n/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the stack exited early:\n${output}`);
    if (Date.now() > deadline) {
      process.kill(-(child.pid as number), 'SIGKILL');
      throw new Error(`the stack was not ready in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const state = () => JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as StackState;
  return {
    stateDir,
    gatewayUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    state,
    nginxPid: () => Number(readFileSync(join(stateDir, 'nginx', 'run', 'nginx.pid'), 'utf8').trim()),
    log: (instanceId) => {
      const file = join(stateDir, 'logs', `${instanceId}.log`);
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    restart: (target) => runToEnd(['restart', target, '--state-dir', stateDir]),
    psql: (service, psqlArgs) => runToEnd(['psql', service, '--state-dir', stateDir, '--', ...psqlArgs]),
    trace: (id, traceArgs = []) => runToEnd(['trace', id, '--state-dir', stateDir, ...traceArgs]),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of the processes whose working directory is `dir` or below it (PostgreSQL's processes all run in PGDATA). */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
