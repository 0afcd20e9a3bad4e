import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Nest's logger interface on top of pino, so framework lines (module init, route mapping, errors Nest logs itself)
 * come out in the same JSON format as the service's own lines. Nest passes the context name last.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack, context) when it has a stack.
    const context = params.length > 1 ? params[params.length - 1] : params[0];
    const stack = params.length > 1 ? params[0] : undefined;
    const fields = { context: typeof context === 'string' ? context : undefined, stack };
    if (message instanceof Error) this.logger.error({ ...fields, err: message }, message.message);
    else this.logger.error(fields, String(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = params[params.length - 1];
    const fields = { context: typeof context === 'string' ? context : undefined };
    if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, detail: message }, 'nest');
    else this.logger[level](fields, String(message));
  }
}
