import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { REQUEST_ID_HEADER } from './request-id';
import { isTraceId, isValidTraceparent, newTraceId, outgoingTraceHeaders, TRACEPARENT_HEADER, TRACESTATE_HEADER, type TraceFields, type TraceHeaders } from './trace-context';

/** What the service knows about the incoming request it is currently serving. */
export interface RequestContext extends TraceFields {
  readonly requestId: string;
  /** Whether outgoing calls get their trace headers from {@link getTraceHeaders}; false when OpenTelemetry's propagator writes them. */
  readonly sendTraceHeaders: boolean;
}

/** Holds the context for the whole async call chain of one request. */
export const requestContextStorage = new AsyncLocalStorage<RequestContext>();

/**
 * The context of an incoming request: its resolved id and the trace its `traceparent` continues, or a new trace
 * (flags `01`, no `tracestate`) when the header is missing or invalid. A new trace takes the request id as its trace
 * id when the id was made here (32 hex digits, the gateway's rule for `$request_id`), so such a request draws one
 * random id, not two; a caller's own `X-Request-Id` is never reused as a trace id, since a client may send the same one
 * twice. Built as one object literal, on the request path: a valid header costs a regex test and a few slices.
 */
export function readRequestContext(requestId: string, headers: IncomingHttpHeaders): RequestContext {
  const traceparent = headers[TRACEPARENT_HEADER];
  if (!isValidTraceparent(traceparent)) {
    const madeHere = headers[REQUEST_ID_HEADER] !== requestId && isTraceId(requestId);
    const traceId = madeHere ? requestId : newTraceId();
    return { requestId, traceId, parentSpanId: undefined, traceFlags: '01', tracestate: undefined, sendTraceHeaders: true };
  }
  const tracestate = headers[TRACESTATE_HEADER];
  return {
    requestId,
    traceId: traceparent.slice(3, 35),
    parentSpanId: traceparent.slice(36, 52),
    traceFlags: traceparent.slice(53, 55),
    tracestate: typeof tracestate === 'string' && tracestate !== '' ? tracestate : undefined,
    sendTraceHeaders: true,
  };
}

/**
 * The id of the incoming request being served, for outgoing calls to forward as `X-Request-Id`
 * so gateway and service logs join on one id; undefined outside a request (start-up, timers).
 */
export function getRequestId(): string | undefined {
  return requestContextStorage.getStore()?.requestId;
}

/** The W3C trace id of the request being served; undefined outside a request. */
export function getTraceId(): string | undefined {
  return requestContextStorage.getStore()?.traceId;
}

/**
 * `traceparent` (a new span id per call) and `tracestate` for an outgoing call made while serving a request, so the
 * callee continues the same trace; undefined outside a request, and with OpenTelemetry on, whose propagator adds
 * them to every outgoing request itself (sending both would duplicate the headers).
 */
export function getTraceHeaders(): TraceHeaders | undefined {
  const context = requestContextStorage.getStore();
  return context?.sendTraceHeaders ? outgoingTraceHeaders(context) : undefined;
}

/** Builds the context of an incoming request; the kit's own reader, or OpenTelemetry's when tracing is on. */
export type RequestContextReader = (requestId: string, headers: IncomingHttpHeaders) => RequestContext;

const NO_FIELDS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * pino `mixin`: the context of the request being served (one shared empty object outside a request), from which
 * {@link mergeRequestLogFields} adds `requestId` and `traceId` to every line a handler, a filter or the discovery
 * client writes while serving it. Nothing is allocated here: most lines need nothing added.
 */
export function requestLogFields(): object {
  return requestContextStorage.getStore() ?? NO_FIELDS;
}

/**
 * pino `mixinMergeStrategy` for {@link requestLogFields}: a line that names its trace itself (the request line) or is
 * written outside a request is left as it is; any other gets the request's ids, its own fields winning.
 */
export function mergeRequestLogFields(line: object, fields: object): object {
  if (fields === NO_FIELDS || 'traceId' in line) return line;
  const context = fields as RequestContext;
  return { requestId: context.requestId, traceId: context.traceId, ...line };
}
