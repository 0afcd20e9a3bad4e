import { startTestInstance, type TestInstance } from '@forum/discovery/testing';

/** A loopback server standing in for another service's `GET <routePrefix>/:id`. */
export interface ResourceStandIn extends TestInstance {
  /** `X-Request-Id` of every request received, in order (undefined when absent). */
  readonly requestIds: (string | undefined)[];
  /** Paths requested, in order. */
  readonly paths: string[];
}

/**
 * Answers `GET <routePrefix>/<id>` with 200 and `{id}` for the given ids and 404 otherwise, like the real service;
 * `status` forces every answer (a 500, say) instead.
 */
export async function startResourceStandIn(
  routePrefix: string,
  ids: readonly number[],
  options: { status?: number; host?: string } = {},
): Promise<ResourceStandIn> {
  const requestIds: (string | undefined)[] = [];
  const paths: string[] = [];
  const instance = await startTestInstance((req, res) => {
    requestIds.push(req.headers['x-request-id'] as string | undefined);
    paths.push(req.url ?? '');
    const id = Number((req.url ?? '').slice(routePrefix.length + 1));
    const status = options.status ?? (req.url?.startsWith(`${routePrefix}/`) && ids.includes(id) ? 200 : 404);
    const body = status === 200 ? { id } : { statusCode: status, message: 'stand-in' };
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }, options.host);
  return Object.assign(instance, { requestIds, paths });
}
