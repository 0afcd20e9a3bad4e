import type { FailedAttempt } from '../errors/discovery-errors';

/** Error codes (Node and undici) that mean the instance never answered, by what it means for routing. */
const REASONS: Readonly<Record<string, FailedAttempt['reason']>> = {
  DISCOVERY_ATTEMPT_TIMEOUT: 'timeout',
  ECONNREFUSED: 'refused',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
};

/** Classifies a transport failure, or undefined for anything else (a bug, a bad argument), which is rethrown as is. */
export function failureReason(err: unknown): FailedAttempt['reason'] | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? undefined : REASONS[code];
}

/**
 * Whether a failure should take the instance out of rotation. A reset is not enough: it is also how
 * a keep-alive connection closed by the server at the wrong moment looks.
 */
export function shouldEject(reason: FailedAttempt['reason']): boolean {
  return reason !== 'reset';
}

/** One attempt outlived its per-call timeout; the cause is whatever the aborted request reported. */
export class AttemptTimeoutError extends Error {
  readonly code = 'DISCOVERY_ATTEMPT_TIMEOUT';
  constructor(timeoutMs: number, cause: unknown) {
    super(`no answer within ${timeoutMs} ms`, { cause });
    this.name = 'AttemptTimeoutError';
  }
}
