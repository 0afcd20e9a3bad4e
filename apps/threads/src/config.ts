import { withDatabaseEnv } from '@forum/database';
import { withDiscoveryEnv } from '@forum/discovery';
import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';
import { manifest } from './manifest';

// How users are found: DISCOVERY_BACKEND (cloudmap unless set), DISCOVERY_NAMESPACE, ... (README).
// STORAGE, DATABASE_URL or PG*, pool size and timeouts: see the README.
const threadsConfigSchema = withDiscoveryEnv(
  withDatabaseEnv(
    baseConfigSchema.extend({
      /** Load the sample threads into an empty table at start. */
      SEED_DATA: boolVar(false),
    }),
  ),
  manifest,
);

/** The threads service's configuration, parsed once at start; `discovery` says how users are found and called. */
export type ThreadsConfig = Readonly<z.output<typeof threadsConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ThreadsConfig {
  return parseConfig(threadsConfigSchema, env);
}
