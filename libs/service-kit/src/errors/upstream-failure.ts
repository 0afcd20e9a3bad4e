import { HttpStatus } from '@nestjs/common';
import { UpstreamFailureException, type UpstreamFailureStatus } from './upstream-failure.exception';

/**
 * What each discovery error code means to a client. The kit may not depend on `@forum/discovery` (a util lib may
 * only use util libs), so its errors are recognised by their documented fields: `code`, `service` and `backend`.
 */
const discoveryFailures: Readonly<Record<string, { status: UpstreamFailureStatus; reason: string }>> = {
  UNKNOWN_SERVICE: { status: HttpStatus.SERVICE_UNAVAILABLE, reason: 'not known to service discovery' },
  NO_INSTANCES: { status: HttpStatus.SERVICE_UNAVAILABLE, reason: 'no instances registered' },
  BACKEND_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, reason: 'service discovery unreachable' },
  ALL_INSTANCES_FAILED: { status: HttpStatus.SERVICE_UNAVAILABLE, reason: 'no instance answered' },
  CALL_TIMEOUT: { status: HttpStatus.SERVICE_UNAVAILABLE, reason: 'no answer in time' },
  INVALID_RESPONSE: { status: HttpStatus.BAD_GATEWAY, reason: 'invalid response' },
};

interface DiscoveryErrorFields {
  readonly code: string;
  readonly service: string;
  readonly backend: string;
}

function isDiscoveryError(error: unknown): error is Error & DiscoveryErrorFields {
  if (!(error instanceof Error)) return false;
  const { code, service, backend } = error as Error & Partial<DiscoveryErrorFields>;
  return typeof code === 'string' && code in discoveryFailures && typeof service === 'string' && typeof backend === 'string';
}

/**
 * The one mapping from a failed service-to-service call to an HTTP answer: an {@link UpstreamFailureException}
 * as is, a discovery client error as 503 (502 for an unparseable answer) naming the service, anything else undefined.
 */
export function toUpstreamFailure(error: unknown): UpstreamFailureException | undefined {
  if (error instanceof UpstreamFailureException) return error;
  if (!isDiscoveryError(error)) return undefined;
  const { status, reason } = discoveryFailures[error.code];
  const outcome = status === HttpStatus.SERVICE_UNAVAILABLE ? 'unavailable' : 'failed';
  return new UpstreamFailureException([error.service], status, `${error.service} service ${outcome}: ${reason}`, { cause: error });
}

/**
 * An answer from another service that is neither success nor "not found": its 503 (draining, overloaded) passes on
 * as 503, anything else is the other service misbehaving, a 502.
 */
export function upstreamStatusFailure(service: string, status: number): UpstreamFailureException {
  return status === HttpStatus.SERVICE_UNAVAILABLE
    ? new UpstreamFailureException([service], HttpStatus.SERVICE_UNAVAILABLE, `${service} service unavailable: it answered 503`)
    : new UpstreamFailureException([service], HttpStatus.BAD_GATEWAY, `${service} service failed: it answered ${status}`);
}
