import { Agent, type Dispatcher } from 'undici';
import { InstanceBalancer } from './cache/instance-balancer';
import { InstanceCache } from './cache/instance-cache';
import type { CallContext, TraceHeaders } from './http/call-context';
import { ServiceClient } from './http/service-client';
import { silentLogger, type DiscoveryBackend, type DiscoveryLogger, type ServiceInstance } from './service-instance';

/** Everything a discovery client needs besides its backend; omitted values take the defaults below. */
export interface DiscoveryClientOptions {
  /** Where instances come from. */
  readonly backend: DiscoveryBackend;
  /** Cache TTL of a backend answer; 5000 ms when omitted. */
  readonly cacheTtlMs?: number;
  /** How long past its TTL an answer may be served while the backend fails; 60000 ms when omitted. */
  readonly staleMs?: number;
  /** Default per-attempt HTTP timeout, and the longest wait for one backend lookup; 2000 ms when omitted. */
  readonly timeoutMs?: number;
  /** How long an instance that refused or timed out is skipped; 10000 ms when omitted. */
  readonly ejectMs?: number;
  /** Returns the id of the request being handled, forwarded as `X-Request-Id`; nothing is forwarded when omitted. */
  readonly requestIdProvider?: () => string | undefined;
  /**
   * Returns the `traceparent` (and `tracestate`) for one call, called once per call so each call has its own span id;
   * no trace headers are sent when omitted or when it returns undefined.
   */
  readonly traceHeadersProvider?: () => TraceHeaders | undefined;
  /** Receives backend outage and recovery lines (once each); silent when omitted. */
  readonly logger?: DiscoveryLogger;
  /** Connection pools to use; a keep-alive undici Agent owned by the client when omitted. */
  readonly dispatcher?: Dispatcher;
}

/** Defaults shared with the env parser, so code and configuration agree. */
export const DISCOVERY_DEFAULTS = Object.freeze({ cacheTtlMs: 5000, staleMs: 60_000, timeoutMs: 2000, ejectMs: 10_000, defaultPort: 3000 });

/**
 * Finds service instances through one backend and calls them over HTTP. Create one per process
 * and share it: it holds the cache, the round-robin state, the ejections and the connection pools.
 *
 * @example
 * const users = discovery.client('users');
 * const res = await users.get<User>(`/api/users/${id}`);
 * if (res.status === 404) ...
 */
export class DiscoveryClient {
  private readonly ctx: CallContext;
  private readonly clients = new Map<string, ServiceClient>();
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: DiscoveryClientOptions) {
    const timeoutMs = options.timeoutMs ?? DISCOVERY_DEFAULTS.timeoutMs;
    const ttlMs = options.cacheTtlMs ?? DISCOVERY_DEFAULTS.cacheTtlMs;
    const staleMs = options.staleMs ?? DISCOVERY_DEFAULTS.staleMs;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.ctx = {
      cache: new InstanceCache(options.backend, { ttlMs, staleMs, lookupTimeoutMs: timeoutMs }, options.logger ?? silentLogger),
      balancer: new InstanceBalancer(options.ejectMs ?? DISCOVERY_DEFAULTS.ejectMs),
      // Keep-alive pools per instance origin; connecting is bounded by the call timeout too.
      dispatcher: options.dispatcher ?? new Agent({ connect: { timeout: timeoutMs } }),
      backendName: options.backend.name,
      timeoutMs,
      requestIdProvider: options.requestIdProvider,
      traceHeadersProvider: options.traceHeadersProvider,
    };
  }

  /** Name of the backend in use (`cloudmap`, `dns`, `static`, ...). */
  get backendName(): string {
    return this.ctx.backendName;
  }

  /** The HTTP client for one service; the same object for every call with the same name. */
  client(service: string): ServiceClient {
    let client = this.clients.get(service);
    if (client === undefined) {
      client = new ServiceClient(this.ctx, service);
      this.clients.set(service, client);
    }
    return client;
  }

  /** Current instances of a service (never empty); throws a `DiscoveryError` naming service and backend. */
  lookup(service: string): Promise<readonly ServiceInstance[]> {
    return this.ctx.cache.lookup(service);
  }

  /** The instance the next call would use (round robin, ejected instances skipped). */
  async pick(service: string): Promise<ServiceInstance> {
    const instances = this.ctx.cache.peek(service) ?? (await this.ctx.cache.lookup(service));
    return this.ctx.balancer.pick(service, instances) as ServiceInstance;
  }

  /** Closes connection pools and the backend's client. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.ctx.dispatcher.close();
    await this.options.backend.close?.();
  }

  /** Lets Nest close the client on shutdown when it is provided by `DiscoveryModule`. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
