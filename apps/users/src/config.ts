import { withDatabaseEnv } from '@forum/database';
import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';

// STORAGE, DATABASE_URL or PG*, pool size and timeouts: see the README.
const usersConfigSchema = withDatabaseEnv(
  baseConfigSchema.extend({
    /** Load the sample users into an empty table at start. */
    SEED_DATA: boolVar(false),
  }),
);

/** The users service's configuration, parsed once at start. */
export type UsersConfig = Readonly<z.infer<typeof usersConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): UsersConfig {
  return parseConfig(usersConfigSchema, env);
}
