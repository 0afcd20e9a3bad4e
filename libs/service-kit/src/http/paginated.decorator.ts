import { UseInterceptors } from '@nestjs/common';
import { PaginatedInterceptor } from './paginated.interceptor';

/** Marks a list route returning a `Page`; only these routes pay for the interceptor. */
export const Paginated = (): MethodDecorator & ClassDecorator => UseInterceptors(PaginatedInterceptor);
