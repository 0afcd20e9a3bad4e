import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { ValidationFailedException } from './validation-failed.exception';

/**
 * Leaves route and query scalars as the text that arrived: Nest's default would turn `/users/01` into 1 before
 * `ParseIdPipe` could reject it. DTO classes (bodies, query objects) are still transformed and validated.
 */
class StrictValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, _metadata: ArgumentMetadata): unknown {
    return value;
  }
}

const options = (forbidUnknown: boolean): ValidationPipeOptions => ({
  whitelist: true,
  forbidNonWhitelisted: forbidUnknown,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => ValidationFailedException.fromValidationErrors(errors),
});

/**
 * Query strings carry more than the route's parameters (cache busters such as `?_=123`, tracking tags), so an
 * unknown query key is dropped instead of failing a request old clients have always sent. Bodies stay strict.
 */
class BodyStrictValidationPipe extends StrictValidationPipe {
  private readonly queryPipe = new StrictValidationPipe(options(false));

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return metadata.type === 'query' ? this.queryPipe.transform(value, metadata) : super.transform(value, metadata);
  }
}

/**
 * The global DTO validation: unknown body fields are rejected (and named) rather than silently dropped, unknown
 * query parameters are ignored, and plain JSON values are never coerced, so `"createdBy": "4"` is a 400 instead of
 * quietly becoming 4.
 */
export function createValidationPipe(): ValidationPipe {
  return new BodyStrictValidationPipe(options(true));
}
