import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
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

/**
 * The global DTO validation: unknown fields are rejected (and named) rather than silently dropped, and plain
 * JSON values are never coerced, so `"createdBy": "4"` is a 400 instead of quietly becoming 4.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailedException.fromValidationErrors(errors),
  });
}
