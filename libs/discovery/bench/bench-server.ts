import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A node:http server in its own process, so client and server do not share one event loop. */
export interface BenchServer {
  readonly origin: string;
  close(): Promise<void>;
}

// A GET of a 10-user JSON list: a small JSON answer like the users service's, so the numbers compare with it.
const SERVER_SOURCE = `
const http = require('node:http');
const users = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, username: 'user' + (i + 1), name: 'User ' + (i + 1) }));
const body = JSON.stringify(users);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Starts the server process and waits for the port it listens on. */
export async function startBenchServer(): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`bench server did not report a port: ${chunk.toString()}`);
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
