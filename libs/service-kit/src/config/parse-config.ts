import type { z } from 'zod';
import type { BaseConfig } from './base-config.schema';

/** Raised when environment variables are missing or invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Parses `env` once into a frozen config object, collecting every problem into one {@link ConfigError}
 * so an operator fixes the task definition in one go rather than one variable per restart. The schema's input type
 * is left open because shapes spread in from other libs (the discovery variables) preprocess `unknown`.
 */
export function parseConfig<S extends z.ZodType<BaseConfig>>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      // Values are left out on purpose: a variable may hold a secret, and logs are long-lived.
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data);
}
