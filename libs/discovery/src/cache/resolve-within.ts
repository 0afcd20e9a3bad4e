import type { DiscoveryBackend, ServiceInstance } from '../service-instance';

/** A backend lookup that gave no answer within its deadline (a wedged API endpoint or a silent resolver). */
export class LookupTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'LookupTimeoutError';
  }
}

/**
 * Asks the backend for a service's instances and stops waiting after `timeoutMs`, aborting the
 * backend's own work through the signal. The race holds even for a backend that ignores the signal,
 * so an endpoint that accepts connections but never answers cannot hold a request forever.
 */
export function resolveWithin(backend: DiscoveryBackend, service: string, timeoutMs: number): Promise<readonly ServiceInstance[]> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new LookupTimeoutError(timeoutMs);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  // `then` turns a backend that throws synchronously into a rejection the race can see.
  const answer = Promise.resolve().then(() => backend.resolve(service, controller.signal));
  return Promise.race([answer, deadline]).finally(() => clearTimeout(timer));
}
