import { Injectable } from '@nestjs/common';

/** Whether this instance should receive new traffic; flips once, on shutdown. */
@Injectable()
export class ReadinessState {
  private drainingSince: number | undefined;

  /** True once shutdown has begun: `/ready` answers 503 and responses close their connections. */
  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Marks the instance as draining; later calls keep the first time. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}
