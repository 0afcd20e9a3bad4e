import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ReadinessState } from '../health/readiness-state';
import { readRequestContext, requestContextStorage, type RequestContextReader } from './request-context';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';
import { requestLineLogger } from './request-line-logger';

/** The few request fields the middleware reads; Express sets `route` once a route matches. */
type ServedRequest = IncomingMessage & { route?: { path?: unknown } };

/**
 * First middleware of every request: assigns the request id (header in, header out, async context), continues the
 * W3C trace of its `traceparent` (async context), asks keep-alive clients to reconnect elsewhere while draining, and
 * writes one lean log line when the response ends. The line is built from six fields on purpose: default pino-http
 * serializers cost more CPU than Express itself.
 */
export function createRequestLifecycleMiddleware(rootLogger: Logger, readiness: ReadinessState, readContext: RequestContextReader = readRequestContext) {
  const logger = requestLineLogger(rootLogger);
  return (req: ServedRequest, res: ServerResponse, next: (error?: unknown) => void): void => {
    const started = performance.now();
    const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    const context = readContext(requestId, req.headers);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // While draining, each response closes its connection so the client's pool moves to a live task.
    if (readiness.draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      const route = typeof req.route?.path === 'string' ? req.route.path : '(unmatched)';
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      const line = { requestId, traceId: context.traceId, method: req.method, route, statusCode: res.statusCode, durationMs };
      if (res.writableFinished) logger.info(line, 'request completed');
      else logger.warn({ ...line, aborted: true }, 'request aborted');
      // A request already in flight when draining began got a keep-alive response; end its idle socket now,
      // or server.close() would wait for the keep-alive timeout.
      if (readiness.draining) req.socket.end();
    });
    requestContextStorage.run(context, next);
  };
}
