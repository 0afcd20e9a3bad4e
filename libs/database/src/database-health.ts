import type { Logger } from 'pino';

/**
 * Whether the database answered last time, so an outage is logged once when it starts and once when it ends,
 * however many requests fail in between.
 */
export class DatabaseHealth {
  private downSince: number | undefined;

  constructor(private readonly logger: Logger) {}

  get available(): boolean {
    return this.downSince === undefined;
  }

  failed(reason: string, error: unknown): void {
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    // The error's own fields only: pg errors can carry the client, with its connection settings.
    const { message, code } = error as { message?: unknown; code?: unknown };
    this.logger.error({ reason, err: { message, code } }, 'database unavailable');
  }

  succeeded(): void {
    if (this.downSince === undefined) return;
    this.logger.info({ downMs: Date.now() - this.downSince }, 'database available again');
    this.downSince = undefined;
  }
}
