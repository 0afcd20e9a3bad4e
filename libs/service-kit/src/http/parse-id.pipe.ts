import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationFailedException } from '../errors/validation-failed.exception';

// Digits only, no sign, no leading zero, below 2^31 so every store (and a future SQL INTEGER column) can hold it.
const positiveInt = /^[1-9]\d{0,9}$/;
const maxId = 2 ** 31 - 1;

/** Turns a route parameter into a positive integer id, or answers 400 naming the parameter (`/users/abc`). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = positiveInt.test(value) ? Number(value) : NaN;
    if (Number.isNaN(id) || id > maxId) {
      throw new ValidationFailedException([
        { field: metadata.data ?? 'id', messages: [`must be a positive integer up to ${maxId}`] },
      ]);
    }
    return id;
  }
}
