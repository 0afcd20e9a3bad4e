import { Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '../errors/error-body';
import { ValidationFailedException } from '../errors/validation-failed.exception';
import type { PageRequest } from './page';

/** Largest page a list route returns; larger `limit` values are a 400, not silently clamped. */
export const MAX_PAGE_LIMIT = 100;
/** Page size when the client sends no `limit`; large enough that clients of the original sample see every seed row. */
export const DEFAULT_PAGE_LIMIT = 50;

// One message per parameter, saying what is accepted, whichever rule the value broke.
const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}`;
const OFFSET_MESSAGE = 'offset must be a whole number, 0 or more';
// Plain digits only, so "1e2", "1.5", "-1", "" and repeated keys (an array) are refused; ten digits stay exact.
const digits = /^\d{1,10}$/;

/**
 * `?limit=&offset=` of every list route, as a {@link PageRequest}: `@Query(ParsePagePipe) page: PageRequest`.
 * Other query keys (cache busters, tracking tags) are ignored. Two integer checks by hand instead of a
 * class-validator DTO: that ran class-transformer and every decorator on each list request, most of the list
 * route's CPU beyond the by-id route's.
 */
@Injectable()
export class ParsePagePipe implements PipeTransform<Record<string, unknown>, PageRequest> {
  transform(query: Record<string, unknown>): PageRequest {
    const limit = parse(query['limit'], DEFAULT_PAGE_LIMIT);
    const offset = parse(query['offset'], 0);
    const fields: FieldError[] = [];
    if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) fields.push({ field: 'limit', messages: [LIMIT_MESSAGE] });
    if (!(offset >= 0)) fields.push({ field: 'offset', messages: [OFFSET_MESSAGE] });
    if (fields.length > 0) throw new ValidationFailedException(fields);
    return { limit, offset };
  }
}

/** The parameter's number, its default when absent, or NaN for anything else. */
function parse(value: unknown, absent: number): number {
  if (value === undefined) return absent;
  return typeof value === 'string' && digits.test(value) ? Number(value) : NaN;
}
