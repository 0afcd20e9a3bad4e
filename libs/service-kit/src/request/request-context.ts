import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { continueTrace, outgoingTraceHeaders, TRACEPARENT_HEADER, TRACESTATE_HEADER, type TraceFields, type TraceHeaders } from './trace-context';

/** What the service knows about the incoming request it is currently serving. */
export interface RequestContext extends TraceFields {
  readonly requestId: string;
  /** Whether outgoing calls get their trace headers from {@link getTraceHeaders}; false when OpenTelemetry's propagator writes them. */
  readonly sendTraceHeaders: boolean;
}

/** Holds the context for the whole async call chain of one request. */
export const requestContextStorage = new AsyncLocalStorage<RequestContext>();

/** The context of an incoming request: its resolved id and the trace its `traceparent` continues (or a new one). */
export function readRequestContext(requestId: string, headers: IncomingHttpHeaders): RequestContext {
  return { requestId, ...continueTrace(headers[TRACEPARENT_HEADER], headers[TRACESTATE_HEADER]), sendTraceHeaders: true };
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
 * pino `mixin`: the ids of the request being served, so every line a handler, a filter or the discovery client
 * writes while serving it carries `requestId` and `traceId`. Outside a request it returns one shared empty object,
 * which {@link mergeRequestLogFields} never writes into.
 */
export function requestLogFields(): object {
  const context = requestContextStorage.getStore();
  return context === undefined ? NO_FIELDS : { requestId: context.requestId, traceId: context.traceId };
}

/** pino `mixinMergeStrategy` for {@link requestLogFields}: the line's own fields win, as in pino's default. */
export function mergeRequestLogFields(line: object, fields: object): object {
  return fields === NO_FIELDS ? line : Object.assign(fields, line);
}
