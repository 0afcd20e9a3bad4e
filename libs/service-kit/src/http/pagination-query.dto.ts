import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Largest page a list route returns; larger `limit` values are a 400, not silently clamped. */
export const MAX_PAGE_LIMIT = 100;
/** Page size when the client sends no `limit`; large enough that clients of the original sample see every seed row. */
export const DEFAULT_PAGE_LIMIT = 50;

// Query values arrive as text; only plain digit strings become numbers, so "1e2", "1.5" or "" fail validation.
const digitsToNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

/** `?limit=&offset=` of every list route. */
export class PaginationQueryDto {
  /** How many items to return, 1 to {@link MAX_PAGE_LIMIT}; omitted means {@link DEFAULT_PAGE_LIMIT}. */
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  /** How many items to skip; omitted means 0. */
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(0)
  offset = 0;
}
