import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import { JSON_TOO_DEEP } from './json-depth';

/** The fields body-parser puts on the errors it raises. */
interface BodyParserError {
  readonly type?: unknown;
  readonly limit?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
}

/**
 * Express error middleware placed right after the JSON parser: turns its errors into Nest HTTP exceptions with
 * messages a client can act on, so the one error filter shapes them like every other error.
 */
export function bodyParserErrorsMiddleware(error: unknown, _req: unknown, _res: unknown, next: (e: unknown) => void): void {
  next(toHttpException(error));
}

function toHttpException(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as BodyParserError;
  switch (e.type) {
    case 'entity.parse.failed':
      return new BadRequestException(`malformed JSON body: ${String(e.message)}`);
    case JSON_TOO_DEEP:
      return new BadRequestException(String(e.message));
    case 'entity.too.large':
      return new PayloadTooLargeException(`request body exceeds the limit of ${String(e.limit)} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpException(String(e.message), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    default:
      // Other client errors body-parser raises (aborted or mis-sized bodies) carry their own 4xx status.
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        return new HttpException(String(e.message), e.status);
      }
      return error;
  }
}
