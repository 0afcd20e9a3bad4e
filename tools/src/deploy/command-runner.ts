import { spawn } from 'node:child_process';
import { DeployFailedError } from './deploy-errors';

/** Options for one external command. */
export interface RunOptions {
  /** Text written to the command's stdin (used for registry passwords, which never go on a command line). */
  readonly stdin?: string;
  /** How to show the stdin in a dry run; required when `stdin` holds a secret. */
  readonly stdinLabel?: string;
  readonly cwd?: string;
  /** Extra environment variables on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Resolve instead of failing on a non-zero exit (for idempotent cleanup such as removing a stale manifest). */
  readonly allowFailure?: boolean;
}

/** Runs external programs (docker, podman, cdk); swapped for a recorder in tests. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<void>;
}

/** Quotes an argument for display so a printed command can be pasted into a shell. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Formats a command line for display. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

/** Spawns the real program with the terminal attached, so build and push progress shows as it happens. */
export const processRunner: CommandRunner = {
  run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: [options.stdin === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'],
      });
      child.on('error', (error) =>
        reject(new DeployFailedError(`could not start ${command}: ${error.message}`)),
      );
      child.on('exit', (code, signal) => {
        if (code === 0 || options.allowFailure) resolve();
        else reject(new DeployFailedError(`${formatCommand(command, args)} failed with ${signal ?? `exit code ${code}`}`));
      });
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    });
  },
};

/** Prints what would run instead of running it; used for every `--dry-run`. */
export function dryRunRunner(print: (line: string) => void): CommandRunner {
  return {
    async run(command, args, options = {}) {
      const stdin = options.stdin === undefined ? '' : ` < ${options.stdinLabel ?? '(stdin)'}`;
      const cwd = options.cwd ? ` (in ${options.cwd})` : '';
      const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
      print(`[dry-run] would run: ${env}${formatCommand(command, args)}${stdin}${cwd}`);
    },
  };
}
