import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs git in `cwd` with a fixed identity, so tests work on machines without a git config. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A throwaway repository with one commit; returns its path and HEAD. */
export function createTempGitRepo(): { dir: string; head: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-git-'));
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'README.md'), 'temp\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return { dir, head: git(dir, 'rev-parse', 'HEAD'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
