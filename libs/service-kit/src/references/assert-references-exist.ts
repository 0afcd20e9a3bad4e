import { HttpStatus } from '@nestjs/common';
import { toUpstreamFailure, upstreamStatusFailure } from '../errors/upstream-failure';
import { UpstreamFailureException } from '../errors/upstream-failure.exception';
import { ReferencesNotFoundException } from './references-not-found.exception';

/**
 * The part of a service client a reference check needs; `discovery.client('users')` from `@forum/discovery` fits
 * as is (declared structurally because this util lib may not depend on the discovery lib).
 */
export interface ResourceClient {
  /** The owning service's name, as in the service catalog. */
  readonly service: string;
  get(path: string): Promise<{ readonly status: number }>;
}

/** One id in a request body that must exist in another service. */
export interface ReferenceCheck {
  /** Body field holding the id (`user`), named in the 422. */
  readonly field: string;
  readonly id: number;
  /** Client of the service that owns the resource. */
  readonly client: ResourceClient;
  /** The resource's path there (`/api/users/7`): 2xx means it exists, 404 that it does not. */
  readonly path: string;
}

/**
 * Checks every reference at once (concurrently, so the slowest service bounds the wait, not the sum) and throws:
 * an {@link UpstreamFailureException} (503/502) naming every service that could not answer, since then the check
 * is incomplete; otherwise a {@link ReferencesNotFoundException} (422) naming every missing id; nothing when all exist.
 */
export async function assertReferencesExist(checks: readonly ReferenceCheck[]): Promise<void> {
  const outcomes = await Promise.allSettled(checks.map(exists));
  const failures: UpstreamFailureException[] = [];
  const missing: ReferenceCheck[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') {
      if (!outcome.value) missing.push(checks[i]);
      return;
    }
    const failure = toUpstreamFailure(outcome.reason);
    // Not a failure of the other service (a bug here, say): let the filter answer 500 and log it.
    if (failure === undefined) throw outcome.reason;
    failures.push(failure);
  });
  if (failures.length > 0) throw UpstreamFailureException.combine(failures);
  if (missing.length > 0) {
    throw new ReferencesNotFoundException(missing.map((c) => ({ field: c.field, messages: [`${c.field} ${c.id} does not exist`] })));
  }
}

async function exists(check: ReferenceCheck): Promise<boolean> {
  const { status } = await check.client.get(check.path);
  if (status >= 200 && status < 300) return true;
  if (status === HttpStatus.NOT_FOUND) return false;
  throw upstreamStatusFailure(check.client.service, status);
}
