import { connect } from 'node:net';

/**
 * Resolves once a new TCP connection to host:port is refused (the listener has closed), polling every 20 ms;
 * rejects if connections are still accepted after `timeoutMs`.
 */
export async function waitUntilConnectionRefused(host: string, port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${host}:${port} still accepts connections after ${timeoutMs} ms`);
}
