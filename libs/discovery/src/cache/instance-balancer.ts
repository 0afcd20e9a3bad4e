import type { ServiceInstance } from '../service-instance';

/**
 * Round-robin choice of an instance, skipping instances ejected after they refused a connection or
 * timed out. When every instance is ejected it still picks one (rather than failing without trying),
 * so a service whose instances all restarted recovers on the next call.
 */
export class InstanceBalancer {
  private readonly cursors = new Map<string, number>();
  /** Origin -> time until which it is skipped. Keyed by origin so an ejection survives cache refreshes. */
  private readonly ejected = new Map<string, number>();

  constructor(
    private readonly ejectMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Next instance of the service, never `exclude` when another exists; undefined only if nothing else is left. */
  pick(service: string, instances: readonly ServiceInstance[], exclude?: ServiceInstance): ServiceInstance | undefined {
    const n = instances.length;
    const start = this.cursors.get(service) ?? 0;
    this.cursors.set(service, start + 1 >= n ? 0 : start + 1);
    const checkEjections = this.ejected.size > 0;
    const now = checkEjections ? this.now() : 0;
    let fallback: ServiceInstance | undefined;
    for (let k = 0; k < n; k++) {
      const candidate = instances[(start + k) % n];
      if (candidate === exclude || candidate.origin === exclude?.origin) continue;
      if (!checkEjections || !this.isEjected(candidate.origin, now)) return candidate;
      fallback ??= candidate;
    }
    return fallback;
  }

  /** Skips an instance for `ejectMs`, because it refused, reset or timed out. */
  eject(instance: ServiceInstance): void {
    this.ejected.set(instance.origin, this.now() + this.ejectMs);
  }

  /** Whether an instance is currently skipped. */
  isEjected(origin: string, now = this.now()): boolean {
    const until = this.ejected.get(origin);
    if (until === undefined) return false;
    if (now < until) return true;
    this.ejected.delete(origin);
    return false;
  }
}
