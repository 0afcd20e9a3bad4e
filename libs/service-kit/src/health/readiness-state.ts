import { Injectable } from '@nestjs/common';

/**
 * Whether this instance should receive new traffic. It is not ready while a component it needs is still starting
 * (the database being migrated, say), and never again once draining begins.
 */
@Injectable()
export class ReadinessState {
  private drainingSince: number | undefined;
  private readonly starting = new Map<string, string>();

  /** True once shutdown has begun: `/ready` answers 503 and responses close their connections. */
  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Marks the instance as draining; later calls keep the first time. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  /** Holds `/ready` at 503 until {@link ready} is called for `component`; `reason` says what it waits for. */
  waitFor(component: string, reason: string): void {
    this.starting.set(component, reason);
  }

  /** `component` has started; `/ready` answers 200 once nothing else is pending. */
  ready(component: string): void {
    this.starting.delete(component);
  }

  /** Why the instance is not ready (`draining`, `database: migrating`), or undefined when it is. */
  get notReadyReason(): string | undefined {
    if (this.draining) return 'draining: shutting down';
    if (this.starting.size === 0) return undefined;
    return [...this.starting].map(([component, reason]) => `${component}: ${reason}`).join('; ');
  }
}
