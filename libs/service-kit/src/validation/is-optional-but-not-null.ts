import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Marks a field that may be left out (PATCH semantics) but, when sent, must be a real value. class-validator's
 * `@IsOptional()` also skips `null`, which let `{"name": null}` through to be stored (or to crash code that
 * expects a string); here only `undefined` means absent, and `null` is a 400 naming the field.
 */
export function IsOptionalButNotNull(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    // Skips every other check of the property when it was not sent at all.
    ValidateIf((_object: object, value: unknown) => value !== undefined, options),
    ValidateBy(
      { name: 'isNotNull', validator: { validate: (value: unknown) => value !== null, defaultMessage: () => '$property must not be null' } },
      options,
    ),
  );
}
