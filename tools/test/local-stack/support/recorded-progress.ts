import { Progress } from '../../../src/local-stack/progress';

/** A Progress that keeps its lines for assertions instead of printing them. */
export class RecordedProgress extends Progress {
  readonly lines: string[] = [];
  override step(message: string): void {
    this.lines.push(message);
  }
  override warn(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
}
