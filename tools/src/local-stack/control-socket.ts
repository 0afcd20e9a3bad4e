import { createServer, request, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The control socket of the stack running in a state folder (a Unix socket: no port to collide on). */
export function controlSocketPath(stateDir: string): string {
  return join(stateDir, 'control.sock');
}

/** Handles `restart <target>` for the running stack and answers with what it did. */
export type RestartHandler = (target: string) => Promise<Record<string, unknown>>;

/**
 * Serves `POST /restart?target=<service|instanceId>` on the state folder's control socket. Refuses to start when
 * another stack already answers there; removes a socket left behind by a stack that died.
 */
export async function startControlServer(stateDir: string, onRestart: RestartHandler): Promise<Server> {
  const socketPath = controlSocketPath(stateDir);
  await assertNoStackRunning(stateDir);
  await rm(socketPath, { force: true });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const target = url.searchParams.get('target');
    if (req.method !== 'POST' || url.pathname !== '/restart' || !target) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'POST /restart?target=<service|instanceId>' }));
      return;
    }
    onRestart(target).then(
      (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
      (err: Error) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return server;
}

/** Fails when a stack already runs with this state folder, before anything of a second one starts. */
export async function assertNoStackRunning(stateDir: string): Promise<void> {
  if (await isAnswering(controlSocketPath(stateDir))) {
    throw new Error(`a local stack is already running with state folder ${stateDir}; stop it or pass --state-dir`);
  }
}

/** Asks the stack running in `stateDir` to restart one instance; resolves with its answer. */
export function requestRestart(stateDir: string, target: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: controlSocketPath(stateDir), method: 'POST', path: `/restart?target=${encodeURIComponent(target)}` },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const parsed = JSON.parse(body) as Record<string, unknown>;
          if (res.statusCode === 200) resolve(parsed);
          else reject(new Error(String(parsed['error'])));
        });
      },
    );
    req.on('error', (err) => reject(new Error(`no local stack answers on ${controlSocketPath(stateDir)} (${err.message}); is \`npm start\` running?`)));
    req.end();
  });
}

function isAnswering(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, method: 'GET', path: '/' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
