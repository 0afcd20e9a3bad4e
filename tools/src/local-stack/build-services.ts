import { spawn } from 'node:child_process';

/**
 * Builds the services with Nx (cached, so a second start is quick), streaming Nx's own progress to the terminal.
 */
export function buildServices(workspaceRoot: string, services: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['nx', 'run-many', '-t', 'build', '-p', services.join(','), '--outputStyle=static'];
    const child = spawn('npx', args, { cwd: workspaceRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } });
    child.once('error', (err) => reject(new Error(`could not run npx nx: ${err.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building ${services.join(', ')} failed (npx ${args.join(' ')} exited ${code})`))));
  });
}
