import { BackendUnavailableError, DiscoveryError, NoInstancesError } from '../errors/discovery-errors';
import { resolveWithin } from './resolve-within';
import type { DiscoveryBackend, DiscoveryLogger, ServiceInstance } from '../service-instance';

/** Timing of the cache. */
export interface InstanceCacheOptions {
  /** How long an answer is used without asking the backend again. */
  readonly ttlMs: number;
  /** How long past its TTL an answer may still be served while the backend fails. */
  readonly staleMs: number;
  /** Longest wait for one backend answer; past it the lookup fails (or serves stale) like any backend failure. */
  readonly lookupTimeoutMs: number;
  /** Clock, replaceable in tests. */
  readonly now?: () => number;
}

/** While the backend fails, ask it again at most this often (or every TTL, if shorter). */
const FAILURE_RETRY_MS = 1000;

/** Cached state of one service. */
interface Entry {
  instances: readonly ServiceInstance[] | undefined;
  freshUntil: number;
  staleUntil: number;
  /** While failing: no backend call before this time; lookups get the stale answer or the last error. */
  retryAt: number;
  inflight: Promise<readonly ServiceInstance[]> | undefined;
  lastError: DiscoveryError | undefined;
  failing: boolean;
}

/**
 * TTL cache in front of a backend: concurrent lookups of one service share one backend call;
 * when the backend fails the last answer is served until `staleMs` past its TTL, and the failure is
 * logged once per outage (and the recovery once), not per request.
 */
export class InstanceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly retryMs: number;

  constructor(
    private readonly backend: DiscoveryBackend,
    private readonly options: InstanceCacheOptions,
    private readonly log: DiscoveryLogger,
  ) {
    this.now = options.now ?? Date.now;
    this.retryMs = Math.max(1, Math.min(FAILURE_RETRY_MS, options.ttlMs));
  }

  /** The fresh cached instances, or undefined when the backend must be asked: the allocation-free fast path. */
  peek(service: string): readonly ServiceInstance[] | undefined {
    const entry = this.entries.get(service);
    return entry !== undefined && entry.instances !== undefined && this.now() < entry.freshUntil ? entry.instances : undefined;
  }

  /** Current instances of a service (never empty), from the cache when fresh. Throws a `DiscoveryError`. */
  lookup(service: string): Promise<readonly ServiceInstance[]> {
    const fresh = this.peek(service);
    return fresh !== undefined ? Promise.resolve(fresh) : this.refresh(service);
  }

  /**
   * Makes the next lookup ask the backend (keeping the answer for stale serving), e.g. after an
   * instance refused: it may have moved to a new address that the backend already knows.
   */
  invalidate(service: string): void {
    const entry = this.entries.get(service);
    if (entry !== undefined) entry.freshUntil = 0;
  }

  private refresh(service: string): Promise<readonly ServiceInstance[]> {
    let entry = this.entries.get(service);
    if (entry === undefined) {
      entry = { instances: undefined, freshUntil: 0, staleUntil: 0, retryAt: 0, inflight: undefined, lastError: undefined, failing: false };
      this.entries.set(service, entry);
    }
    if (entry.inflight !== undefined) return entry.inflight;
    const now = this.now();
    if (entry.failing && now < entry.retryAt) {
      if (entry.instances !== undefined && now < entry.staleUntil) return Promise.resolve(entry.instances);
      if (entry.lastError !== undefined) return Promise.reject(entry.lastError);
    }
    const current = entry;
    const call = resolveWithin(this.backend, service, this.options.lookupTimeoutMs).then(
      (instances) => this.succeeded(service, current, instances),
      (err: unknown) => this.failed(service, current, err),
    );
    current.inflight = call;
    const clear = () => {
      current.inflight = undefined;
    };
    call.then(clear, clear);
    return call;
  }

  private succeeded(service: string, entry: Entry, instances: readonly ServiceInstance[]): readonly ServiceInstance[] {
    if (entry.failing) this.log.info({ upstream: service, backend: this.backend.name }, 'discovery backend answering again');
    entry.failing = false;
    entry.lastError = undefined;
    // An empty answer is authoritative (everything deregistered), so nothing stale is served for it.
    if (instances.length === 0) {
      entry.instances = undefined;
      throw new NoInstancesError(service, this.backend.name);
    }
    const now = this.now();
    entry.instances = instances;
    entry.freshUntil = now + this.options.ttlMs;
    entry.staleUntil = entry.freshUntil + this.options.staleMs;
    return instances;
  }

  private failed(service: string, entry: Entry, err: unknown): readonly ServiceInstance[] {
    // The backend answered "no such service": an answer, not an outage.
    if (err instanceof DiscoveryError) {
      entry.instances = undefined;
      throw err;
    }
    const now = this.now();
    entry.retryAt = now + this.retryMs;
    const usable = entry.instances !== undefined && now < entry.staleUntil;
    if (!entry.failing) {
      entry.failing = true;
      const staleLeftMs = usable ? entry.staleUntil - now : 0;
      this.log.warn({ upstream: service, backend: this.backend.name, err: String(err), staleLeftMs }, usable ? 'discovery backend failing; serving cached instances' : 'discovery backend failing; no cached instances');
    }
    if (usable && entry.instances !== undefined) return entry.instances;
    if (entry.instances !== undefined) {
      this.log.warn({ upstream: service, backend: this.backend.name, staleMs: this.options.staleMs }, 'cached instances too old to serve; failing lookups');
      entry.instances = undefined;
    }
    entry.lastError = new BackendUnavailableError(service, this.backend.name, err);
    throw entry.lastError;
  }
}
