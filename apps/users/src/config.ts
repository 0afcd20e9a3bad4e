import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';

const usersConfigSchema = baseConfigSchema.extend({
  /** Load the sample users at start; false starts with an empty store. */
  SEED_DATA: boolVar(true),
});

/** The users service's configuration, parsed once at start. */
export type UsersConfig = Readonly<z.infer<typeof usersConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): UsersConfig {
  return parseConfig(usersConfigSchema, env);
}
