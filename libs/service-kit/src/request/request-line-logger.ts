import type { Logger } from 'pino';

/**
 * The logger for the one line per request. Its six fields (`requestId`, `traceId`, `method`, `route`, `statusCode`,
 * `durationMs`) hold nothing secret, so it skips the root logger's redaction: with wildcard paths
 * (`*.headers.authorization`) pino walks every field of every line, which cost a tenth of a request's CPU.
 */
export function requestLineLogger(root: Logger): Logger {
  return root.child({}, { redact: [] });
}
