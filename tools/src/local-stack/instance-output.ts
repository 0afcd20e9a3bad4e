import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

/** Prefix colours, one per instance in turn, so interleaved lines stay easy to tell apart. */
const COLOURS = ['cyan', 'magenta', 'yellow', 'blue', 'green', 'red'] as const;

/** Writes one instance's output to the terminal: readable pino lines (errors with their stack), prefixed by instance. */
export class InstanceOutput {
  private next = 0;
  private readonly colour = process.stdout.isTTY && !process.env['NO_COLOR'];
  private readonly prettify = prettyFactory({
    colorize: this.colour,
    translateTime: 'SYS:HH:MM:ss.l',
    // Instance and service are in the prefix already; pid and hostname say nothing locally.
    ignore: 'pid,hostname,service',
    // One line per request; an error's stack still gets lines of its own.
    singleLine: true,
  });

  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  /** Follows `streams` (an instance's stdout and stderr) until they end. */
  follow(instanceId: string, streams: ReadonlyArray<Readable | null>): void {
    const name = instanceId.padEnd(10);
    const prefix = this.colour ? styleText(COLOURS[this.next++ % COLOURS.length], `${name} |`) : `${name} |`;
    for (const stream of streams) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.write(this.format(prefix, line)));
    }
  }

  private format(prefix: string, line: string): string {
    let text = line;
    if (line.startsWith('{')) {
      try {
        text = this.prettify(JSON.parse(line) as object).trimEnd();
      } catch {
        // not a pino line after all: shown as it came
      }
    }
    return `${text
      .split('\n')
      .map((l) => `${prefix} ${l}`)
      .join('\n')}\n`;
  }
}
