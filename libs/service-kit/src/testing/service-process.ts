import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Options for {@link startServiceProcess}. */
export interface ServiceProcessOptions {
  /** The built entry point, e.g. `dist/apps/users/main.js`. */
  readonly entry: string;
  /** Loopback address to bind; the OS picks a free port on it. */
  readonly host?: string;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  readonly startTimeoutMs?: number;
}

/** A service running as a child process, as ECS would run it. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly host: string;
  readonly port: number;
  /** The extra environment it was started with, to start another process like it. */
  readonly env: Record<string, string>;
  /** `http://host:port`. */
  readonly baseUrl: string;
  /** Every JSON line the service wrote to stdout so far. */
  readonly lines: Record<string, unknown>[];
  /** Settles when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs (test clean-up). */
  kill(): Promise<void>;
}

/**
 * Spawns a built service with PORT=0 and waits for its `listening` line, which names the port the OS chose,
 * so parallel test runs never collide on a port.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, [options.entry], {
    env: { ...process.env, NODE_ENV: 'production', HOST: host, PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr: errors } = child;
  if (!stdout || !errors) throw new Error('child process has no stdout/stderr pipes');
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  errors.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.entry} did not start: ${stderr}`)), options.startTimeoutMs ?? 15_000);
    createInterface({ input: stdout }).on('line', (text) => {
      const line = parseLine(text);
      lines.push(line);
      if (line['msg'] === 'listening' && typeof line['port'] === 'number') {
        clearTimeout(timer);
        resolve(line['port']);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code} before listening: ${stderr}`));
    });
  });
  return {
    child,
    host,
    port,
    env: options.env ?? {},
    baseUrl: `http://${host}:${port}`,
    lines,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function parseLine(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

/** Resolves with the first stdout line `match` accepts, polling for up to `timeoutMs` (request lines follow the response). */
export async function waitForLogLine(
  service: Pick<ServiceProcess, 'lines'>,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = service.lines.find(match);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
