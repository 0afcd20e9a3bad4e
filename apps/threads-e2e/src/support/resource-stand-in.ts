import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server answering `GET <routePrefix>/<id>`: 200 for known ids, 404 otherwise. */
export interface ResourceStandIn {
  readonly origin: string;
  /** `X-Request-Id` of every request received, in order. */
  readonly requestIds: (string | undefined)[];
  close(): Promise<void>;
}

/** Starts a stand-in for another service on `host` and a free port, so the built service can be pointed at it. */
export async function startResourceStandIn(host: string, routePrefix: string, ids: readonly number[]): Promise<ResourceStandIn> {
  const requestIds: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    requestIds.push(req.headers['x-request-id'] as string | undefined);
    const url = req.url ?? '';
    const found = url.startsWith(`${routePrefix}/`) && ids.includes(Number(url.slice(routePrefix.length + 1)));
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(found ? { id: 1 } : { statusCode: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    requestIds,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
