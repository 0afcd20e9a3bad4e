import { AsyncLocalStorage } from 'node:async_hooks';

/** What the service knows about the incoming request it is currently serving. */
export interface RequestContext {
  readonly requestId: string;
}

/** Holds the context for the whole async call chain of one request. */
export const requestContextStorage = new AsyncLocalStorage<RequestContext>();

/**
 * The id of the incoming request being served, for outgoing calls to forward as `X-Request-Id`
 * so gateway and service logs join on one id; undefined outside a request (start-up, timers).
 */
export function getRequestId(): string | undefined {
  return requestContextStorage.getStore()?.requestId;
}
