import { withDatabaseEnv } from '@forum/database';
import { withDiscoveryEnv } from '@forum/discovery';
import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';
import { manifest } from './manifest';

// How users and threads are found: DISCOVERY_BACKEND (cloudmap unless set), DISCOVERY_NAMESPACE, ... (README).
// STORAGE, DATABASE_URL or PG*, pool size and timeouts: see the README.
const postsConfigSchema = withDiscoveryEnv(
  withDatabaseEnv(
    baseConfigSchema.extend({
      /** Load the sample posts into an empty table at start. */
      SEED_DATA: boolVar(false),
    }),
  ),
  manifest,
);

/** The posts service's configuration, parsed once at start; `discovery` says how users and threads are found and called. */
export type PostsConfig = Readonly<z.output<typeof postsConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): PostsConfig {
  return parseConfig(postsConfigSchema, env);
}
