import { withDiscoveryEnv } from '@forum/discovery';
import { getService } from '@forum/service-catalog';
import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';

// How users and threads are found: DISCOVERY_BACKEND (cloudmap unless set), DISCOVERY_NAMESPACE, ... (README).
const postsConfigSchema = withDiscoveryEnv(
  baseConfigSchema.extend({
    /** Load the sample posts at start; false starts with an empty store. */
    SEED_DATA: boolVar(true),
  }),
  getService('posts'),
);

/** The posts service's configuration, parsed once at start; `discovery` says how users and threads are found and called. */
export type PostsConfig = Readonly<z.output<typeof postsConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): PostsConfig {
  return parseConfig(postsConfigSchema, env);
}
