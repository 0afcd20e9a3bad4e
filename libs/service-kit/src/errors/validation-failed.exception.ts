import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './error-body';

/** A 400 that names every invalid field; the error filter copies `fields` into the body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: readonly FieldError[]) {
    super(`invalid input: ${fields.map((f) => f.field).join(', ')}`);
  }

  /**
   * Builds the exception from class-validator's tree, flattening nested fields to dotted paths, with one message per
   * field: the first rule written on it that failed (`is required` before `must be shorter than ...`).
   */
  static fromValidationErrors(errors: readonly ValidationError[]): ValidationFailedException {
    return new ValidationFailedException(flatten(errors, ''));
  }
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const first = error.constraints ? firstWritten(error.constraints) : undefined;
    const own = first !== undefined ? [{ field, messages: [first] }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * class-validator applies a property's decorators bottom-up and records failures in that order, so the last one
 * recorded comes from the decorator written first: the presence or type check a reader expects to speak first.
 * The kit's specs pin this order, so a class-validator upgrade that changes it fails a test rather than the messages.
 */
function firstWritten(constraints: Readonly<Record<string, string>>): string | undefined {
  const messages = Object.values(constraints);
  return messages[messages.length - 1];
}
