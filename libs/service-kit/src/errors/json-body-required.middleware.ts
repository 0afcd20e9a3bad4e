import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Methods whose body the routes read; a body elsewhere is ignored, as it always was. */
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Answers a write whose body is not JSON (`text/plain`, a form) with 415. The JSON parser skips such a body, so
 * without this the route would validate an empty object and list every field as missing, which hides the real
 * mistake. A write without a body is left to validation.
 */
export function jsonBodyRequiredMiddleware(req: Request, _res: Response, next: NextFunction): void {
  if (WRITE_METHODS.has(req.method) && hasBody(req) && req.is('application/json') === false) {
    next(new UnsupportedMediaTypeException(unsupportedBodyMessage(req.headers['content-type'])));
    return;
  }
  next();
}

/** The 415 message on both platforms, naming the type that came. */
export function unsupportedBodyMessage(contentType: string | undefined): string {
  return `request body must be JSON (Content-Type: application/json), got ${contentType ?? 'no Content-Type'}`;
}

/** A chunked body or a non-zero length; `Content-Length: 0` (what many clients send for an empty POST) is no body. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}
