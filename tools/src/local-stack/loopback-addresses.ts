import { createServer } from 'node:net';

/**
 * Hands out loopback addresses (127.0.0.2 upwards) whose service port is free, so each instance gets its own
 * address like an awsvpc task, and a second stack on the same machine skips addresses the first one holds.
 */
export class LoopbackAddresses {
  private readonly held = new Set<string>();

  /** Reserves the lowest free 127.0.0.x (x >= 2) on which `port` can be bound right now. */
  async acquire(port: number): Promise<string> {
    for (let x = 2; x <= 254; x++) {
      const address = `127.0.0.${x}`;
      if (this.held.has(address)) continue;
      if (await canListen(address, port)) {
        this.held.add(address);
        return address;
      }
    }
    throw new Error(`no free loopback address 127.0.0.2-254 with port ${port} available`);
  }

  /** Makes an address available again once its instance has exited. */
  release(address: string): void {
    this.held.delete(address);
  }
}

/** True when a TCP server could bind address:port (it is closed again at once). */
export function canListen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
