import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceInstance } from '../service-instance';

/** HTTP methods a service client sends; GET and HEAD are retried once on another instance. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Per-call settings. */
export interface CallOptions {
  /** Extra request headers; `x-request-id` or `traceparent` here wins over the providers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as a JSON body with `content-type: application/json`. */
  readonly json?: unknown;
  /** Sent as is when `json` is not given. */
  readonly body?: string | Buffer;
  /** Bounds each attempt, from connecting to the last body byte; the client's default when omitted. GET/HEAD may make two attempts. */
  readonly timeoutMs?: number;
}

/** An answer from an instance, whatever its status: callers decide what a 404 or 409 means to them. */
export interface ServiceResponse<T = unknown> {
  readonly status: number;
  /** True for 2xx. */
  readonly ok: boolean;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON for JSON responses, the text for others, undefined when empty or for HEAD. */
  readonly body: T;
  /** The instance that answered. */
  readonly instance: ServiceInstance;
}
