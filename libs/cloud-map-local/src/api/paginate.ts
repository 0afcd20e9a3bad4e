import { CloudMapError } from '../registry/cloud-map-error';

/** One page of a list plus the token for the next, in the shape every List* operation returns. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** Cloud Map's default and maximum page size for List* operations. */
const DEFAULT_PAGE = 100;

/** Pages a list with an opaque offset token, so SDK paginators work against the stand-in. */
export function paginate<T>(all: readonly T[], maxResults: unknown, nextToken: unknown): Page<T> {
  const size = maxResults === undefined ? DEFAULT_PAGE : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > DEFAULT_PAGE) {
    throw new CloudMapError('InvalidInput', `MaxResults must be an integer from 1 to ${DEFAULT_PAGE}`);
  }
  let start = 0;
  if (nextToken !== undefined) {
    start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) : NaN;
    if (!Number.isInteger(start) || start < 0) throw new CloudMapError('InvalidInput', 'NextToken is not valid');
  }
  const end = start + size;
  return { items: all.slice(start, end), nextToken: end < all.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}
