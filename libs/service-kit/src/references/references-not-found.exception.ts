import { UnprocessableEntityException } from '@nestjs/common';
import type { FieldError } from '../errors/error-body';

/** A 422 naming every field whose id does not exist in the service that owns it; the filter copies `fields`. */
export class ReferencesNotFoundException extends UnprocessableEntityException {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.flatMap((f) => f.messages).join('; '));
  }
}
