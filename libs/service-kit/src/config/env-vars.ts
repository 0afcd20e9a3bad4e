import { z } from 'zod';

/**
 * An integer environment variable. `z.coerce.number()` would turn an empty string into 0 (PORT= would bind a random
 * port), so the raw text must be all digits before it becomes a number.
 */
export function intVar(options: { min: number; max: number; default: number }) {
  return z
    .string()
    .regex(/^\d+$/, `expected an integer from ${options.min} to ${options.max}`)
    .transform(Number)
    .pipe(z.number().int().min(options.min).max(options.max))
    .default(options.default);
}

/** A boolean environment variable written as `true` or `false`. */
export function boolVar(defaultValue: boolean) {
  return z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((v) => v === 'true')
    .default(defaultValue);
}

/** pino's levels, plus `silent` to turn logging off (tests). */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of pino's level names. */
export type LogLevel = (typeof logLevels)[number];
