import { startLoopbackServer, type LoopbackServer } from './loopback-server';

/** A loopback server standing in for another service's `GET <routePrefix>/:id`. */
export interface ResourceStandIn extends LoopbackServer {
  /** `X-Request-Id` of every request received, in order (undefined when absent). */
  readonly requestIds: (string | undefined)[];
  /** `traceparent` of every request received, in order; a header sent twice shows as both values joined by `, `. */
  readonly traceparents: (string | undefined)[];
  /** Paths requested, in order. */
  readonly paths: string[];
}

/** Options for {@link startResourceStandIn}. */
export interface ResourceStandInOptions {
  /** Forces every answer to this status (a 500, say); omitted means 200 for known ids and 404 otherwise. */
  readonly status?: number;
  /** Loopback address to listen on; 127.0.0.1 when omitted. */
  readonly host?: string;
}

/**
 * Answers `GET <routePrefix>/<id>` with 200 and `{id}` for the given ids and 404 otherwise, like the real service,
 * so a service that checks references can be tested (in-process or as a built bundle) without the other service.
 */
export async function startResourceStandIn(
  routePrefix: string,
  ids: readonly number[],
  options: ResourceStandInOptions = {},
): Promise<ResourceStandIn> {
  const requestIds: (string | undefined)[] = [];
  const traceparents: (string | undefined)[] = [];
  const paths: string[] = [];
  const server = await startLoopbackServer((req, res) => {
    const url = req.url ?? '';
    requestIds.push(req.headers['x-request-id'] as string | undefined);
    traceparents.push(req.headers.traceparent as string | undefined);
    paths.push(url);
    const id = Number(url.slice(routePrefix.length + 1));
    const status = options.status ?? (url.startsWith(`${routePrefix}/`) && ids.includes(id) ? 200 : 404);
    const body = status === 200 ? { id } : { statusCode: status, message: 'stand-in' };
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }, options.host);
  return Object.assign(server, { requestIds, traceparents, paths });
}
