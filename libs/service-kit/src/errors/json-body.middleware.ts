import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { JSON_TOO_DEEP } from './json-depth';

/** Methods whose body the routes read; a body elsewhere is ignored, as it always was. */
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The 415 message on both platforms, naming the type that came. */
export function unsupportedBodyMessage(contentType: string | undefined): string {
  return `request body must be JSON (Content-Type: application/json), got ${contentType ?? 'no Content-Type'}`;
}

/**
 * An Express service's whole handling of request bodies, in one middleware, around body-parser's JSON parser
 * (`parseJson`, with the size and nesting limits):
 * - a request without a body (every read) goes straight on: one function call instead of three router layers;
 * - a write whose body is not JSON (`text/plain`, a form) is a 415: the parser would skip such a body, and the route
 *   would then validate an empty object and list every field as missing, which hides the real mistake;
 * - the parser's errors become Nest HTTP exceptions with messages a client can act on, so the one error filter shapes
 *   them like every other error.
 */
export function createJsonBodyMiddleware(parseJson: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    // body-parser's own test for a body (type-is `hasBody`), so nothing it would have parsed is skipped.
    if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) {
      next();
      return;
    }
    if (WRITE_METHODS.has(req.method) && hasContent(req) && req.is('application/json') === false) {
      next(new UnsupportedMediaTypeException(unsupportedBodyMessage(req.headers['content-type'])));
      return;
    }
    void parseJson(req, res, (error?: unknown) => (error === undefined ? next() : next(toHttpException(error))));
  };
}

/** A chunked body or a non-zero length; `Content-Length: 0` (what many clients send for an empty POST) is no body. */
function hasContent(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** The fields body-parser puts on the errors it raises. */
interface BodyParserError {
  readonly type?: unknown;
  readonly limit?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
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
