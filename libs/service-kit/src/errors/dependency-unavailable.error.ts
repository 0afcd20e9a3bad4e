/**
 * A dependency the service itself owns (its database) cannot be used right now. The error filter answers 503 with
 * this message and does not log per request: whatever detects the outage logs it once, as it starts and ends.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    /** What is unavailable, as a client may read it (`database "users"`). */
    readonly dependency: string,
    /** Why, without addresses or credentials (`connection refused`, `no answer within 5000 ms`). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable: ${reason}`, options);
  }
}
