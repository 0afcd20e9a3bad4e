import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where nginx is usually installed when it is not on PATH (Debian puts it in /usr/sbin, Homebrew in /opt/homebrew). */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

/** How to install what the gateway needs, printed when something is missing. */
export const INSTALL_HINT = [
  'Install nginx (and envsubst, from gettext) first:',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y nginx gettext-base',
  '  macOS:          brew install nginx gettext',
].join('\n');

/** Thrown when a program the gateway needs is not installed. */
export class MissingProgramError extends Error {
  constructor(program: string) {
    super(`${program} was not found on PATH or in ${EXTRA_DIRS.join(', ')}.\n${INSTALL_HINT}`);
    this.name = 'MissingProgramError';
  }
}

/** Finds an executable by name on PATH and in the usual sbin folders, or throws {@link MissingProgramError}. */
export async function findProgram(name: string): Promise<string> {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder; keep looking
    }
  }
  throw new MissingProgramError(name);
}

/** The version nginx reports, e.g. `1.22.1`. */
export function nginxVersion(nginxBin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(nginxBin, ['-v'], (err, _stdout, stderr) => {
      if (err) return reject(new Error(`${nginxBin} -v failed: ${err.message}`));
      const match = /nginx\/(\S+)/.exec(stderr);
      if (!match) return reject(new Error(`${nginxBin} -v printed no version: ${stderr.trim()}`));
      resolve(match[1]);
    });
  });
}
