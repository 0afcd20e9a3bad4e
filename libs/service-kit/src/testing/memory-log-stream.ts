import type { DestinationStream } from 'pino';

/** A pino destination that keeps parsed lines in memory, so tests can assert on what was logged. */
export class MemoryLogStream implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];
  /** The lines as written, for what parsing hides (a key written twice parses as its last value). */
  readonly raw: string[] = [];

  write(line: string): void {
    this.raw.push(line);
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }

  /** Lines whose `msg` equals `message`. */
  withMessage(message: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l['msg'] === message);
  }
}
