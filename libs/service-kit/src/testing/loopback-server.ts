import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running loopback HTTP server, standing in for a service instance in tests. */
export interface LoopbackServer {
  /** `http://host:port`. */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening and drops open connections (what a killed task looks like to callers). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on `host` (127.0.0.1 by default) and a port the OS picks, answering with `handler`;
 * give each test its own loopback address so parallel runs never collide.
 */
export async function startLoopbackServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Starts a server that reads requests and never answers, like a wedged instance, to test call timeouts. */
export function startHangingServer(host?: string): Promise<LoopbackServer> {
  return startLoopbackServer(() => undefined, host);
}
