import { randomFillSync } from 'node:crypto';

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
const TRACE_ID = /^[0-9a-f]{32}$/;
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

/** Whether `id` can be a trace id: 32 lower-case hex digits, not all zeros. */
export function isTraceId(id: string): boolean {
  return TRACE_ID.test(id) && id !== ZERO_TRACE_ID;
}

// Random bytes are drawn 4 KiB at a time, as Node does for randomUUID: one randomFillSync per 256 trace ids, and each id
// is one hex conversion of the pool. Mutable module state on purpose: a cache of entropy, shared by the process.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** A new trace id: 16 random bytes as hex, never all zeros. */
export function newTraceId(): string {
  const id = randomHex(16);
  return id === ZERO_TRACE_ID ? newTraceId() : id;
}

/** A new span id: 8 random bytes as hex, never all zeros. */
export function newSpanId(): string {
  const id = randomHex(8);
  return id === ZERO_SPAN_ID ? newSpanId() : id;
}

/** The headers for one outgoing call of `trace`: same trace id and flags, a new span id for the call. */
export function outgoingTraceHeaders(trace: Pick<TraceFields, 'traceId' | 'traceFlags' | 'tracestate'>): TraceHeaders {
  const traceparent = `00-${trace.traceId}-${newSpanId()}-${trace.traceFlags}`;
  return trace.tracestate === undefined ? { traceparent } : { traceparent, tracestate: trace.tracestate };
}
