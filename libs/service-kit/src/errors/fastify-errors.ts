import { HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';

/** The fields fastify puts on the errors it raises before a handler runs (`FST_ERR_CTP_BODY_TOO_LARGE`, ...). */
interface FastifyError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
}

/**
 * Gives the client errors fastify raises itself the kit's wording, as `bodyParserErrorsMiddleware` does for
 * Express. Nest already turns them into HTTP exceptions with fastify's message ("Request body is too large"), so a
 * 413 is recognised by its status; a fastify error Nest left alone becomes an HTTP exception with its own status.
 * Anything else is returned unchanged.
 */
export function fromFastifyError(error: unknown, bodyLimit: number): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const status = error instanceof HttpException ? error.getStatus() : (error as FastifyError).statusCode;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return new PayloadTooLargeException(`request body exceeds the limit of ${bodyLimit} bytes`);
  if (error instanceof HttpException) return error;
  const e = error as FastifyError;
  const fromFastify = typeof e.code === 'string' && e.code.startsWith('FST_');
  if (fromFastify && typeof status === 'number' && status >= 400 && status < 500) return new HttpException(String(e.message), status);
  return error;
}
