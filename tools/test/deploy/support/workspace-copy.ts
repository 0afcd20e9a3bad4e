import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from './temp-git-repo';

/**
 * Copies the workspace's sources (tracked and untracked-but-not-ignored files, so no node_modules, dist or .nx)
 * into a fresh git repository with one commit, and links node_modules back. Nx then computes `affected` there
 * exactly as it would in a clone.
 */
export function copyWorkspaceToTempRepo(workspaceRoot: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-plan-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(workspaceRoot, file), join(dir, file));
    } catch {
      // Listed but deleted in the working tree: a clone would not have it either.
    }
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
