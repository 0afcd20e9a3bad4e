import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ReadinessState } from '../health/readiness-state';
import { readRequestContext, requestContextStorage, type RequestContextReader } from './request-context';
import { REQUEST_ID_HEADER } from './request-id';
import { requestLineLogger } from './request-line-logger';

/** A fastify request with the kit's decoration. */
type TracedRequest = FastifyRequest & { traceId: string };

/**
 * The fastify counterpart of the request lifecycle middleware, as hooks (no middleware layer): the request id
 * (fastify's `request.id`, which the kit's `genReqId` takes from `X-Request-Id` or generates) goes into the
 * response and the async context with the trace its `traceparent` continues, draining responses close their
 * connections, and one lean line is logged per request with the same six fields as on Express.
 */
export function registerFastifyRequestHooks(
  fastify: FastifyInstance,
  rootLogger: Logger,
  readiness: ReadinessState,
  readContext: RequestContextReader = readRequestContext,
): void {
  const logger = requestLineLogger(rootLogger);
  // A client that hangs up first is logged by onRequestAbort; onResponse may follow when the handler still answers.
  const abortLogged = new WeakSet<object>();
  // The trace id is kept on the request for the lines written after the handler, outside the async context.
  fastify.decorateRequest('traceId', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = request.id;
    const context = readContext(requestId, request.headers);
    (request as TracedRequest).traceId = context.traceId;
    reply.header(REQUEST_ID_HEADER, requestId);
    // While draining, each response closes its connection so the client's pool moves to a live task.
    if (readiness.draining) reply.header('connection', 'close');
    // Fastify runs the remaining hooks, the body parser (bound to this context) and the handler from `done`.
    requestContextStorage.run(context, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const line = {
      requestId: request.id,
      traceId: (request as TracedRequest).traceId,
      method: request.method,
      route: request.routeOptions.url ?? '(unmatched)',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (reply.raw.writableFinished) logger.info(line, 'request completed');
    else if (!abortLogged.has(request)) logger.warn({ ...line, aborted: true }, 'request aborted');
    // A request already in flight when draining began got a keep-alive response; end its idle socket now.
    if (readiness.draining) request.raw.socket.end();
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    abortLogged.add(request);
    const route = request.routeOptions.url ?? '(unmatched)';
    logger.warn({ requestId: request.id, traceId: (request as TracedRequest).traceId, method: request.method, route, aborted: true }, 'request aborted');
    done();
  });
}
