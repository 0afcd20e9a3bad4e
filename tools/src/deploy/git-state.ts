import { execFileSync } from 'node:child_process';
import { DeployInputError } from './deploy-errors';

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Fails when tracked or untracked (not ignored) files differ from HEAD: the image tag must name what is built. */
export function assertCleanTree(cwd: string): void {
  const status = git(['status', '--porcelain'], cwd);
  if (status !== '') {
    const first = status.split('\n')[0].slice(3);
    const count = status.split('\n').length;
    throw new DeployInputError(`git tree is dirty (${count} changed file(s), e.g. ${first}); commit or discard before deploying`);
  }
}

/** Full SHA of a ref, or undefined when the ref does not exist. */
export function resolveRef(ref: string, cwd: string): string | undefined {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch {
    return undefined;
  }
}

/** Files changed between the merge base of `base` and HEAD, and HEAD (what `nx affected` compares too). */
export function changedFilesSince(base: string, cwd: string): readonly string[] {
  const mergeBase = git(['merge-base', base, 'HEAD'], cwd);
  const out = git(['diff', '--name-only', '--no-renames', mergeBase, 'HEAD'], cwd);
  return out === '' ? [] : out.split('\n');
}
