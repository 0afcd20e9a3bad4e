import { randomUUID } from 'node:crypto';

/** W3C Trace Context headers, as Node lower-cases them. */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** The trace a request belongs to: continued from its `traceparent`, or started by this service. */
export interface TraceFields {
  /** 32 lower-case hex digits, never all zeros; shared by every hop and every log line of the request. */
  readonly traceId: string;
  /** The caller's span id (16 hex), the parent of this hop; undefined when this service started the trace. */
  readonly parentSpanId: string | undefined;
  /** Trace flags as two hex digits (`01` sampled). */
  readonly traceFlags: string;
  /** The caller's `tracestate`, passed on untouched; dropped with a traceparent that was not valid. */
  readonly tracestate: string | undefined;
}

/** The headers an outgoing call sends to continue the trace. */
export interface TraceHeaders {
  readonly traceparent: string;
  readonly tracestate?: string;
}

// Version 00 only, as the gateway accepts it; a future version restarts the trace rather than being half-understood.
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

/**
 * Whether `traceparent` is one to continue: version 00, lower-case hex, trace and parent ids not all zeros (the
 * gateway's rule). One precompiled regex test and two comparisons.
 */
export function isValidTraceparent(traceparent: string | string[] | undefined): traceparent is string {
  return (
    typeof traceparent === 'string' &&
    TRACEPARENT.test(traceparent) &&
    !traceparent.startsWith(ZERO_TRACE_ID, 3) &&
    !traceparent.startsWith(ZERO_SPAN_ID, 36)
  );
}

/**
 * A new trace id: a v4 UUID without its dashes. Node draws UUIDs from a cached block of random bytes, so this is
 * far cheaper than a `randomBytes` call; the version digit is constant, leaving 122 random bits.
 */
export function newTraceId(): string {
  const u = randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}

/** A new span id: the last 16 hex digits of a v4 UUID, whose first digit (the variant, 8 to b) is never zero. */
export function newSpanId(): string {
  const u = randomUUID();
  return u.slice(19, 23) + u.slice(24);
}

/** The headers for one outgoing call of `trace`: same trace id and flags, a new span id for the call. */
export function outgoingTraceHeaders(trace: Pick<TraceFields, 'traceId' | 'traceFlags' | 'tracestate'>): TraceHeaders {
  const traceparent = `00-${trace.traceId}-${newSpanId()}-${trace.traceFlags}`;
  return trace.tracestate === undefined ? { traceparent } : { traceparent, tracestate: trace.tracestate };
}
