import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import { getRequestId } from '../request/request-context';
import { REQUEST_ID_HEADER } from '../request/request-id';
import { ReferencesNotFoundException } from '../references/references-not-found.exception';
import { DependencyUnavailableError } from './dependency-unavailable.error';
import type { ErrorBody } from './error-body';
import { fromFastifyError } from './fastify-errors';
import { toUpstreamFailure } from './upstream-failure';
import { ValidationFailedException } from './validation-failed.exception';

/**
 * The one place errors become responses: every status gets the {@link ErrorBody} shape, and anything that is not an
 * HTTP exception is a 500 whose stack goes to the log, never to the client. A failed call to another service
 * (a discovery client error, recognised by its `code`) is a 503 or 502 naming that service; an unusable own
 * dependency (the database) is a 503 naming it.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly logger: Logger,
    /** The body limit in bytes, which a 413 raised by fastify names. */
    private readonly bodyLimit: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<{ getHeader?(name: string): unknown }>();
    const requestId = getRequestId() ?? headerValue(response.getHeader?.(REQUEST_ID_HEADER));
    const body = this.toBody(fromFastifyError(exception, this.bodyLimit), requestId);
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) {
      this.logger.error({ requestId, err: exception }, 'error after the response started');
      adapter.end(response);
      return;
    }
    adapter.reply(response, body, body.statusCode);
  }

  private toBody(exception: unknown, requestId: string | undefined): ErrorBody {
    if (exception instanceof DependencyUnavailableError) {
      // The outage itself is logged once where it is detected; a line per request would flood the log.
      this.logger.debug({ requestId, dependency: exception.dependency }, 'dependency unavailable');
      const statusCode = HttpStatus.SERVICE_UNAVAILABLE;
      return { statusCode, error: reason(statusCode), message: exception.message, requestId };
    }
    const upstream = toUpstreamFailure(exception);
    if (upstream !== undefined) {
      // Degraded but handled: the other service's own logs say why; the cause here holds the instances tried.
      this.logger.warn({ requestId, upstreams: upstream.upstreams, err: upstream.cause ?? upstream }, 'upstream failed');
      const statusCode = upstream.getStatus();
      return { statusCode, error: reason(statusCode), message: upstream.message, requestId, upstreams: upstream.upstreams };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      if (statusCode >= 500) this.logger.error({ requestId, err: exception }, 'request failed');
      const named = exception instanceof ValidationFailedException || exception instanceof ReferencesNotFoundException;
      const fields = named ? { fields: exception.fields } : {};
      return { statusCode, error: reason(statusCode), message: messageOf(exception), requestId, ...fields };
    }
    this.logger.error({ requestId, err: exception }, 'unhandled error');
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode, error: reason(statusCode), message: 'internal server error', requestId };
  }
}

function reason(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Error';
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
