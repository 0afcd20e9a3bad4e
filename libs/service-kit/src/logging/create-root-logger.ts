import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env-vars';
import { mergeRequestLogFields, requestLogFields } from '../request/request-context';

/** Options for {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** Service name, added to every line so CloudWatch queries can group by it. */
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go; omitted means stdout through an asynchronous writer. */
  readonly destination?: DestinationStream;
}

/** The root logger and the stream behind it, which must be flushed before the process exits. */
export interface RootLogger {
  readonly logger: Logger;
  /** Writes out anything still buffered; safe to call right before `process.exit`. */
  flush(): void;
}

/**
 * Builds the one pino logger of the process: JSON lines, level as a label, auth headers and cookies redacted, and
 * `requestId` and `traceId` on every line written while a request is served.
 * Stdout is written asynchronously so a request never waits on the pipe to CloudWatch.
 */
export function createRootLogger(options: RootLoggerOptions): RootLogger {
  const stdout = options.destination ? undefined : pino.destination({ dest: 1, sync: false });
  const logger = pino(
    {
      level: options.level,
      base: { service: options.service },
      formatters: { level: (label) => ({ level: label }) },
      redact: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie'],
      // Lines written while a request is served carry its ids, without each caller passing them.
      mixin: requestLogFields,
      mixinMergeStrategy: mergeRequestLogFields,
    },
    options.destination ?? stdout,
  );
  return {
    logger,
    flush: () => {
      // flushSync throws when the stream is not open yet (nothing written); there is nothing to flush then.
      try {
        stdout?.flushSync();
      } catch {
        return;
      }
    },
  };
}
