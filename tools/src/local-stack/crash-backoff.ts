/** When a service's next instance starts after one crashed or failed to start. */
export interface CrashBackoffOptions {
  /** Wait before the second try in a row; it doubles with each further failure. */
  firstMs: number;
  maxMs: number;
  /** An instance that ran this long before crashing ends the streak: its replacement starts at once. */
  stableMs: number;
}

const DEFAULTS: CrashBackoffOptions = { firstMs: 1_000, maxMs: 60_000, stableMs: 60_000 };

/**
 * Paces replacements per service the way ECS throttles a service whose tasks keep failing: the first crash is
 * replaced at once, a service that keeps crashing waits longer each time instead of looping.
 */
export class CrashBackoff {
  private readonly streaks = new Map<string, number>();

  constructor(private readonly options: CrashBackoffOptions = DEFAULTS) {}

  /**
   * Records a crash after `uptimeMs` of running, or a failed start (no uptime), and returns how long to wait before
   * starting the next instance of `service`.
   */
  failed(service: string, uptimeMs?: number): number {
    const stable = uptimeMs !== undefined && uptimeMs >= this.options.stableMs;
    const streak = stable ? 1 : (this.streaks.get(service) ?? 0) + 1;
    this.streaks.set(service, streak);
    return streak <= 1 ? 0 : Math.min(this.options.firstMs * 2 ** (streak - 2), this.options.maxMs);
  }

  /** How many failures in a row `service` has had. */
  streak(service: string): number {
    return this.streaks.get(service) ?? 0;
  }
}
