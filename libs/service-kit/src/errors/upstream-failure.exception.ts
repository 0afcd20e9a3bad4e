import { HttpException, HttpStatus } from '@nestjs/common';

/** 503 when another service could not be reached, 502 when it answered with something unusable. */
export type UpstreamFailureStatus = HttpStatus.BAD_GATEWAY | HttpStatus.SERVICE_UNAVAILABLE;

/**
 * Another service this one depends on failed; the error filter answers with `status` and names the services in
 * `upstreams`. The message is written for the client: it names the service and the kind of failure, never an
 * internal address (the cause, with instance addresses, goes to the log).
 */
export class UpstreamFailureException extends HttpException {
  constructor(
    /** Names of the services that failed, as in the service catalog. */
    readonly upstreams: readonly string[],
    status: UpstreamFailureStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, status, options);
  }

  /** Several failures of one request (concurrent calls) as one answer: 503 if any service was unreachable. */
  static combine(failures: readonly UpstreamFailureException[]): UpstreamFailureException {
    if (failures.length === 1) return failures[0];
    const unreachable = failures.some((f) => f.getStatus() === HttpStatus.SERVICE_UNAVAILABLE);
    return new UpstreamFailureException(
      failures.flatMap((f) => f.upstreams),
      unreachable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
      failures.map((f) => f.message).join('; '),
      { cause: failures.map((f) => f.cause) },
    );
  }
}
