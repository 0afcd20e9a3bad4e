import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Marks a body field that must be sent. Written first on the field, so a missing field gets this one message
 * (`name is required`) rather than every length or type rule it also fails; `null` says `must not be null`.
 */
export function IsRequired(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRequired',
      validator: {
        validate: (value: unknown) => value !== undefined && value !== null,
        defaultMessage: (args?: ValidationArguments) => (args?.value === null ? '$property must not be null' : '$property is required'),
      },
    },
    options,
  );
}
