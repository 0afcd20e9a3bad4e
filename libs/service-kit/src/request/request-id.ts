import { newTraceId } from './trace-context';

/** The header that carries a request's id from nginx through every service. */
export const REQUEST_ID_HEADER = 'x-request-id';

// nginx's $request_id is 32 hex digits and UUIDs are 36 characters; anything else of sane length and charset is kept too.
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Keeps the caller's id when it is safe to log and echo back, otherwise makes a new one, so a forged header can
 * neither flood the logs nor split a response. A new id is 32 hex digits, like nginx's `$request_id`, so a request
 * that starts its trace here can use its id as the trace id, as the gateway does.
 */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  return candidate !== undefined && acceptable.test(candidate) ? candidate : newTraceId();
}
