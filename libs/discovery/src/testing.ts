import { startLoopbackServer, type LoopbackServer } from '@forum/service-kit/testing';
import { DiscoveryClient, type DiscoveryClientOptions } from './discovery-client';
import { serviceInstance, type DiscoveryBackend, type ServiceInstance } from './service-instance';
import { UnknownServiceError } from './errors/discovery-errors';

/**
 * A backend whose answers a test sets directly: `set('users', ['http://127.0.0.1:3001'])`,
 * `fail(new Error('down'))` to simulate an outage, `recover()` to end it. Counts backend calls.
 */
export class FakeDiscoveryBackend implements DiscoveryBackend {
  readonly name = 'fake';
  /** Number of `resolve` calls, to assert caching and single-flight. */
  calls = 0;
  private readonly services = new Map<string, readonly ServiceInstance[]>();
  private failure: unknown;

  /** Sets a service's instances from `http://host:port` URLs (an empty list means "no instances"). */
  set(service: string, origins: readonly string[]): this {
    this.services.set(
      service,
      origins.map((o) => {
        const url = new URL(o);
        return serviceInstance(o, url.hostname, Number(url.port || 80));
      }),
    );
    return this;
  }

  /** Makes every following `resolve` fail with `error` until `recover()`. */
  fail(error: unknown = new Error('backend down')): void {
    this.failure = error;
  }

  /** Ends a simulated outage. */
  recover(): void {
    this.failure = undefined;
  }

  async resolve(service: string): Promise<readonly ServiceInstance[]> {
    this.calls++;
    await Promise.resolve();
    if (this.failure !== undefined) throw this.failure;
    const found = this.services.get(service);
    if (!found) throw new UnknownServiceError(service, this.name);
    return found;
  }
}

/** A discovery client over a `FakeDiscoveryBackend`, for unit tests of code that calls other services. */
export function createTestDiscoveryClient(
  services: Readonly<Record<string, readonly string[]>>,
  options: Omit<DiscoveryClientOptions, 'backend'> = {},
): { client: DiscoveryClient; backend: FakeDiscoveryBackend } {
  const backend = new FakeDiscoveryBackend();
  for (const [name, origins] of Object.entries(services)) backend.set(name, origins);
  return { client: new DiscoveryClient({ backend, ...options }), backend };
}

/** A running loopback HTTP server standing in for one service instance. */
export type TestInstance = LoopbackServer;

/** Starts an HTTP server on `host` (127.0.0.1 by default) and a free port, answering with `handler`. */
export const startTestInstance = startLoopbackServer;
