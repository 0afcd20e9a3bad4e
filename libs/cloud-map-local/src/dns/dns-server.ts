import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import type { CloudMapRegistry } from '../registry/cloud-map-registry';
import { answerDnsQuery } from './dns-responder';

/** A DNS server bound on one UDP and one TCP port (same number), as resolvers expect. */
export interface DnsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Attempts at finding a port free for both UDP and TCP when any port will do. */
const PORT_ATTEMPTS = 20;

/**
 * Serves DNS for the registry on UDP and TCP. With port 0 it picks a UDP port and binds TCP to the
 * same number, retrying if that number is taken for TCP.
 */
export async function startDnsServer(registry: CloudMapRegistry, host: string, port: number, ttlSeconds: number): Promise<DnsServer> {
  for (let attempt = 1; ; attempt++) {
    const udp = await bindUdp(registry, host, port, ttlSeconds);
    const chosen = udp.address().port;
    const connections = new Set<NetSocket>();
    try {
      const tcp = await bindTcp(registry, host, chosen, ttlSeconds, connections);
      return { port: chosen, close: () => closeBoth(udp, tcp, connections) };
    } catch (err) {
      udp.close();
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (port !== 0 || !inUse || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

function bindUdp(registry: CloudMapRegistry, host: string, port: number, ttlSeconds: number): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const answer = answerDnsQuery(registry, msg, { ttlSeconds, transport: 'udp' });
    if (answer) socket.send(answer, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      // A send to a client that went away must not take the server down.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function bindTcp(registry: CloudMapRegistry, host: string, port: number, ttlSeconds: number, connections: Set<NetSocket>): Promise<Server> {
  const server = createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    let pending = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Each DNS message over TCP is preceded by its length in two bytes (RFC 1035 4.2.2).
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const size = pending.readUInt16BE(0);
        const answer = answerDnsQuery(registry, pending.subarray(2, 2 + size), { ttlSeconds, transport: 'tcp' });
        pending = pending.subarray(2 + size);
        if (!answer) return void conn.destroy();
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(answer.length);
        conn.write(Buffer.concat([prefix, answer]));
      }
    });
    conn.on('error', () => conn.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function closeBoth(udp: Socket, tcp: Server, connections: Set<NetSocket>): Promise<void> {
  await Promise.all([
    new Promise<void>((resolve) => udp.close(() => resolve())),
    new Promise<void>((resolve) => {
      tcp.close(() => resolve());
      // Open resolver connections would hold close() forever; a stopped server drops them.
      for (const conn of connections) conn.destroy();
    }),
  ]);
}
