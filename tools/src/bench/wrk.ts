import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throughput and latency of one wrk run. */
export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Parses a `wrk --latency` report. */
export function parseWrk(output: string): LoadResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    if (!m) throw new Error(`wrk printed no ${p}% latency:\n${output}`);
    return Number(m[1]) * UNIT_MS[m[2]];
  };
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const errors = (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return { rps: Number(rps[1]), p50Ms: pct('50'), p99Ms: pct('99'), errors };
}

/**
 * Runs wrk (optionally under a CPU-pinning wrapper) against `url` for `seconds`; with `paths`, its requests go to
 * those paths of `url` in turn (a wrk script), so a read by id is spread over several rows.
 */
export function runWrk(url: string, options: { seconds: number; connections: number; wrapper: string[]; paths?: readonly string[] }): Promise<LoadResult> {
  const scriptDir = options.paths ? mkdtempSync(join(tmpdir(), 'wrk-')) : undefined;
  const script = scriptDir && options.paths ? [`-s`, writeScript(scriptDir, options.paths)] : [];
  const [command, ...args] = [...options.wrapper, 'wrk', '-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--latency', ...script, url];
  return new Promise<LoadResult>((resolve, reject) => {
    execFile(command, args, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${stderr || err.message}`));
      try {
        resolve(parseWrk(stdout));
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  }).finally(() => scriptDir && rmSync(scriptDir, { recursive: true, force: true }));
}

function writeScript(dir: string, paths: readonly string[]): string {
  const file = join(dir, 'paths.lua');
  // JSON string literals are valid Lua string literals for the printable ASCII a path holds.
  const list = paths.map((path) => JSON.stringify(path)).join(', ');
  writeFileSync(file, `local paths = { ${list} }\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n`);
  return file;
}
