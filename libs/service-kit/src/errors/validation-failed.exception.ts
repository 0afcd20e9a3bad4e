import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './error-body';

/** A 400 that names every invalid field; the error filter copies `fields` into the body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: readonly FieldError[]) {
    super(`invalid input: ${fields.map((f) => f.field).join(', ')}`);
  }

  /** Builds the exception from class-validator's tree, flattening nested fields to dotted paths. */
  static fromValidationErrors(errors: readonly ValidationError[]): ValidationFailedException {
    return new ValidationFailedException(flatten(errors, ''));
  }
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
