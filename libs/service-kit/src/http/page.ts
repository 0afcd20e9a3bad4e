/** A page requested by a list route. */
export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

/**
 * One page of a list plus the size of the whole list. Controllers return it; {@link PaginatedInterceptor} sends
 * the items as a bare JSON array (what old clients expect) and the total as `X-Total-Count`.
 */
export class Page<T> {
  constructor(
    readonly items: readonly T[],
    readonly total: number,
  ) {}

  /** Cuts one page out of an already ordered array. */
  static slice<T>(all: readonly T[], request: PageRequest): Page<T> {
    return new Page(all.slice(request.offset, request.offset + request.limit), all.length);
  }
}
