import type { ServiceInstance } from '../service-instance';

/** Machine-readable kind of a discovery failure, for mapping to HTTP statuses and metrics. */
export type DiscoveryErrorCode =
  | 'UNKNOWN_SERVICE'
  | 'NO_INSTANCES'
  | 'BACKEND_UNAVAILABLE'
  | 'ALL_INSTANCES_FAILED'
  | 'CALL_TIMEOUT'
  | 'INVALID_RESPONSE';

/** Base of every error this library throws; each names the service and the backend. */
export abstract class DiscoveryError extends Error {
  abstract readonly code: DiscoveryErrorCode;

  constructor(
    readonly service: string,
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (service "${service}", backend ${backend})`, options);
    this.name = new.target.name;
  }
}

/** The backend says the service does not exist (Cloud Map ServiceNotFound/NamespaceNotFound, NXDOMAIN, not in the static map). */
export class UnknownServiceError extends DiscoveryError {
  readonly code = 'UNKNOWN_SERVICE';
  constructor(service: string, backend: string, options?: { cause?: unknown }) {
    super(service, backend, 'unknown service', options);
  }
}

/** The service exists but has no registered instances right now. */
export class NoInstancesError extends DiscoveryError {
  readonly code = 'NO_INSTANCES';
  constructor(service: string, backend: string) {
    super(service, backend, 'no instances registered');
  }
}

/** The backend failed and there is no cached answer young enough to serve instead. */
export class BackendUnavailableError extends DiscoveryError {
  readonly code = 'BACKEND_UNAVAILABLE';
  constructor(service: string, backend: string, cause: unknown) {
    super(service, backend, `discovery backend unavailable: ${describeCause(cause)}`, { cause });
  }
}

/** Why one attempt at an instance failed. */
export interface FailedAttempt {
  readonly instance: ServiceInstance;
  readonly reason: 'refused' | 'timeout' | 'reset' | 'unreachable';
  readonly cause: unknown;
}

/** Every instance tried refused, reset or timed out (GET and HEAD try two, other methods one). */
export class AllInstancesFailedError extends DiscoveryError {
  readonly code: DiscoveryErrorCode = 'ALL_INSTANCES_FAILED';
  constructor(
    service: string,
    backend: string,
    readonly attempts: readonly FailedAttempt[],
    message = 'no instance answered',
  ) {
    super(service, backend, `${message}: ${attempts.map((a) => `${a.instance.origin} ${a.reason}`).join('; ')}`, {
      cause: attempts[attempts.length - 1]?.cause,
    });
  }
}

/** The last instance tried did not answer within the per-call timeout. */
export class CallTimeoutError extends AllInstancesFailedError {
  override readonly code = 'CALL_TIMEOUT';
  constructor(service: string, backend: string, attempts: readonly FailedAttempt[], readonly timeoutMs: number) {
    super(service, backend, attempts, `no answer within ${timeoutMs} ms`);
  }
}

/** An instance answered with a body that does not parse as the JSON its content type promised. */
export class InvalidResponseError extends DiscoveryError {
  readonly code = 'INVALID_RESPONSE';
  constructor(service: string, backend: string, instance: ServiceInstance, cause: unknown) {
    super(service, backend, `invalid JSON from ${instance.origin}: ${describeCause(cause)}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${cause.name} ${code}: ${cause.message}` : `${cause.name}: ${cause.message}`;
  }
  return String(cause);
}
