import { execFileSync } from 'node:child_process';

/** How far up the process tree to look: nx, its task runner, the shell of run-commands, npx, tsx, node. */
const MAX_DEPTH = 12;

/** The Nx targets whose steps compare with a base (`tools/src/nx/deploy-targets.ts` and infra's `deploy`). */
const DEPLOY_TARGETS = ['docker-build', 'docker-push', 'deploy'];

/**
 * The `--base` of the `nx affected` that started this process, read from the command lines of its ancestors.
 * Nx reads NX_BASE but does not hand `--base` to the tasks it runs, so without this a deploy step under
 * `nx affected -t deploy --base=<ref>` would not know what it is compared with. Undefined outside `nx affected`.
 */
export function baseOfNxAffected(startPid: number = process.ppid): string | undefined {
  // Only a deploy step asks: a test run under `nx affected -t test --base=...` must not change what its code sees.
  if (!DEPLOY_TARGETS.includes(process.env['NX_TASK_TARGET_TARGET'] ?? '')) return undefined;
  let pid = startPid;
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const line = processLine(pid);
    if (line === undefined) return undefined;
    const base = parseAffectedBase(line.args);
    if (base !== undefined) return base;
    pid = line.ppid;
  }
  return undefined;
}

/** `--base=<ref>` or `--base <ref>` from the argument words of an `nx affected` command line; undefined otherwise. */
export function parseAffectedBase(args: string): string | undefined {
  const words = args.trim().split(/\s+/);
  const nx = words.findIndex((w) => /(^|\/)nx(\.js)?$/.test(w));
  if (nx === -1 || !words.slice(nx + 1).includes('affected')) return undefined;
  for (let i = nx + 1; i < words.length; i++) {
    if (words[i] === '--') break;
    if (words[i].startsWith('--base=')) return words[i].slice('--base='.length) || undefined;
    if (words[i] === '--base') return words[i + 1];
  }
  return undefined;
}

// `ps` with explicit columns works on Linux and macOS alike.
function processLine(pid: number): { ppid: number; args: string } | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /^\s*(\d+)\s+(.*)$/s.exec(out.trim());
    return match ? { ppid: Number(match[1]), args: match[2] } : undefined;
  } catch {
    return undefined;
  }
}
