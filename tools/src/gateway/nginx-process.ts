import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { RenderedGateway } from './render-gateway-config';

/** A running nginx master started by {@link startNginx}. */
export interface NginxProcess {
  readonly pid: number;
  /** Resolves when nginx has exited (for whatever reason). */
  readonly exited: Promise<number | null>;
  /** Fast shutdown (SIGTERM) and wait for the master and its workers to exit. */
  stop(): Promise<void>;
  /** SIGKILL the master at once, for a runner that is about to exit abnormally. */
  kill(): void;
}

/** Checks a rendered config with `nginx -t`, rejecting with nginx's own message. */
export function testNginxConfig(nginxBin: string, gateway: RenderedGateway): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(nginxBin, ['-t', '-p', `${gateway.confDir}/`, '-c', gateway.confFile], (err, _stdout, stderr) => {
      if (err) return reject(new Error(`nginx -t failed:\n${stderr.trim()}`));
      resolve(stderr.trim());
    });
  });
}

/**
 * Starts nginx in the foreground as the current user with the rendered config (the config itself says
 * `daemon off`), its stderr (the error log) appended to `errorLogFile`, and waits until `healthUrl` answers 200.
 */
export async function startNginx(options: {
  nginxBin: string;
  gateway: RenderedGateway;
  errorLogFile: string;
  healthUrl: string;
  detached?: boolean;
  /** Command nginx is started under, e.g. `['taskset', '-c', '0']` to pin it; none when omitted. */
  wrapper?: string[];
}): Promise<NginxProcess> {
  const errorLog = createWriteStream(options.errorLogFile, { flags: 'a' });
  const [command, ...args] = [...(options.wrapper ?? []), options.nginxBin, '-p', `${options.gateway.confDir}/`, '-c', options.gateway.confFile];
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  child.stdout?.pipe(errorLog);
  child.stderr?.pipe(errorLog);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitHealthy(child, exited, options.healthUrl, options.errorLogFile);
  return {
    pid: child.pid as number,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Workers outlive a killed master, so kill its whole process group when it has one of its own.
      if (options.detached) process.kill(-(child.pid as number), 'SIGKILL');
      else child.kill('SIGKILL');
    },
  };
}

async function waitHealthy(child: ChildProcess, exited: Promise<number | null>, url: string, logFile: string): Promise<void> {
  let done = false;
  const failed = exited.then((code) => {
    if (!done) throw new Error(`nginx exited with code ${code} before answering ${url}; see ${logFile}`);
  });
  const deadline = Date.now() + 10_000;
  const poll = (async () => {
    while (Date.now() < deadline) {
      try {
        const res = await fetch(url);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`nginx did not answer ${url} within 10 s; see ${logFile}`);
  })();
  try {
    await Promise.race([poll, failed]);
  } finally {
    done = true;
  }
}
