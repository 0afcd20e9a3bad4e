import type { Dispatcher } from 'undici';
import type { InstanceBalancer } from '../cache/instance-balancer';
import type { InstanceCache } from '../cache/instance-cache';

/** What every service client of one discovery client shares: cache, balancer, connection pools and defaults. */
export interface CallContext {
  readonly cache: InstanceCache;
  readonly balancer: InstanceBalancer;
  readonly dispatcher: Dispatcher;
  readonly backendName: string;
  readonly timeoutMs: number;
  readonly requestIdProvider: (() => string | undefined) | undefined;
  readonly traceHeadersProvider: (() => TraceHeaders | undefined) | undefined;
}

/** W3C Trace Context headers for one outgoing call: `traceparent` with the call's own span id, and `tracestate`. */
export interface TraceHeaders {
  readonly traceparent: string;
  readonly tracestate?: string;
}
