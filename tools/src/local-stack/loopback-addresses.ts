import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Hands out loopback addresses (127.0.0.2 upwards) whose service port is free, so each instance gets its own
 * address like an awsvpc task. Each address is claimed with a lock file naming this process, so two stacks starting
 * at the same moment never pick the same one; a claim whose process is gone is stale and taken over.
 */
export class LoopbackAddresses {
  private readonly held = new Set<string>();

  constructor(private readonly lockDir: string = tmpdir()) {}

  /** Reserves the lowest free 127.0.0.x (x >= 2) on which `port` can be bound right now. */
  async acquire(port: number): Promise<string> {
    for (let x = 2; x <= 254; x++) {
      const address = `127.0.0.${x}`;
      if (this.held.has(address) || !this.claim(address, port)) continue;
      if (await canListen(address, port)) {
        this.held.add(address);
        return address;
      }
      this.unclaim(address, port);
    }
    throw new Error(`no free loopback address 127.0.0.2-254 with port ${port} available`);
  }

  /** Makes an address available again once its instance has exited. */
  release(address: string, port: number): void {
    this.held.delete(address);
    this.unclaim(address, port);
  }

  private lockFile(address: string, port: number): string {
    return join(this.lockDir, `forum-local-stack-${address}-${port}.lock`);
  }

  private claim(address: string, port: number): boolean {
    const file = this.lockFile(address, port);
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      const owner = Number(readFileSync(file, 'utf8').trim() || 0);
      if (owner > 0 && owner !== process.pid && isAlive(owner)) return false;
      writeFileSync(file, String(process.pid));
      return true;
    }
  }

  private unclaim(address: string, port: number): void {
    try {
      if (readFileSync(this.lockFile(address, port), 'utf8').trim() === String(process.pid)) unlinkSync(this.lockFile(address, port));
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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
