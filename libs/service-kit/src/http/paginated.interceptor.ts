import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import { Page } from './page';

/** Header that carries the size of the whole list next to a page of it. */
export const TOTAL_COUNT_HEADER = 'X-Total-Count';

/**
 * Unwraps a {@link Page} into a bare array and sets `X-Total-Count` through the HTTP adapter, so controllers never
 * touch the response object and the adapter stays swappable.
 */
@Injectable()
export class PaginatedInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Page)) return result;
        const response = context.switchToHttp().getResponse();
        this.adapterHost.httpAdapter.setHeader(response, TOTAL_COUNT_HEADER, String(result.total));
        return result.items;
      }),
    );
  }
}
