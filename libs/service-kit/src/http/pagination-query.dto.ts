import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Largest page a list route returns; larger `limit` values are a 400, not silently clamped. */
export const MAX_PAGE_LIMIT = 100;
/** Page size when the client sends no `limit`; large enough that clients of the original sample see every seed row. */
export const DEFAULT_PAGE_LIMIT = 50;

// Query values arrive as text; only plain digit strings become numbers, so "1e2", "1.5" or "" fail validation.
const digitsToNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

// One message per parameter, saying what is accepted, whichever rule the value broke.
const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}`;
const OFFSET_MESSAGE = 'offset must be a whole number, 0 or more';

/** `?limit=&offset=` of every list route. */
export class PaginationQueryDto {
  /** How many items to return, 1 to {@link MAX_PAGE_LIMIT}; omitted means {@link DEFAULT_PAGE_LIMIT}. */
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_PAGE_LIMIT, { message: LIMIT_MESSAGE })
  limit: number = DEFAULT_PAGE_LIMIT;

  /** How many items to skip; omitted means 0. */
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt({ message: OFFSET_MESSAGE })
  @Min(0, { message: OFFSET_MESSAGE })
  offset = 0;
}
