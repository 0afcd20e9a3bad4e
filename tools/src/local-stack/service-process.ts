import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import type { InstanceOutput } from './instance-output';

/** One running service instance: a node process on its own loopback address. */
export interface ServiceProcess {
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the process ends, expected or not. */
  readonly exited: Promise<string>;
  /** SIGTERM (the service drains), then SIGKILL if it is still alive after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, used only when the runner itself is dying. */
  killNow(): void;
}

/** How to start one instance. */
export interface ServiceProcessOptions {
  mainFile: string;
  env: Record<string, string>;
  logFile: string;
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Shows the output on the terminal too, prefixed with `name`; only the log file when omitted. */
  output?: { to: InstanceOutput; name: string };
  /** Command the process is started under, e.g. `['taskset', '-c', '1']` to pin it; none when omitted. */
  wrapper?: string[];
}

/**
 * Starts `node <mainFile>` in its own process group (so a terminal Ctrl-C reaches the runner, which deregisters
 * first, as ECS does), logs to `logFile`, and resolves once `readyUrl` answers 200.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const [command, ...args] = [...(options.wrapper ?? []), process.execPath, options.mainFile];
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  options.output?.to.follow(options.output.name, [child.stdout, child.stderr]);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const handle: ServiceProcess = {
    pid: child.pid as number,
    exited,
    stop: async (graceMs = 15_000) => {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    killNow: () => {
      if (alive()) child.kill('SIGKILL');
    },
  };
  try {
    await waitReady(options.readyUrl, exited, options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    handle.killNow();
    // Its last words reach the log only once it has exited.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000).unref())]);
    const last = lastLogLine(options.logFile);
    throw new Error(`${(err as Error).message}${last ? `; it said: ${last}` : ''}; see ${options.logFile}`);
  }
  return handle;
}

/** The last thing an instance logged, readable: a pino line's message (and error message), or the raw text. */
export function lastLogLine(logFile: string): string | undefined {
  if (!existsSync(logFile)) return undefined;
  const line = readFileSync(logFile, 'utf8').trimEnd().split('\n').at(-1)?.trim();
  if (!line) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
    const text = [entry.msg, entry.err?.message].filter(Boolean).join(': ');
    if (text) return text.slice(0, 300);
  } catch {
    // not a JSON line (a crash before the logger existed)
  }
  return line.slice(0, 300);
}

async function waitReady(url: string, exited: Promise<string>, timeoutMs: number): Promise<void> {
  let exit: string | undefined;
  void exited.then((how) => (exit = how));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new Error(`exited (${exit}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}
