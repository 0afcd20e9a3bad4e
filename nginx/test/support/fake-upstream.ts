import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake upstream saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A node:http server standing in for one service instance; it answers JSON naming its own address. */
export interface FakeUpstream {
  readonly address: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  /** Status the next requests get (200 unless set). */
  status: number;
  close(): Promise<void>;
}

/** Starts a fake instance on `address:port` (port 0 picks one). */
export async function startFakeUpstream(address: string, port: number): Promise<FakeUpstream> {
  const seen: SeenRequest[] = [];
  const fake = { address, port, seen, status: 200 } as { -readonly [K in keyof FakeUpstream]: FakeUpstream[K] };
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(fake.status, { 'content-type': 'application/json', 'x-request-id': 'from-upstream' });
      res.end(JSON.stringify({ servedBy: address, url: req.url, method: req.method }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
  fake.port = (server.address() as AddressInfo).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}

/** A loopback block of its own per test file, away from the local stack's 127.0.0.x. */
export function loopbackBlock(): (host: number) => string {
  const block = 100 + Math.floor(Math.random() * 150);
  return (host) => `127.${block}.${Math.floor(Math.random() * 200) + 1}.${host}`;
}
