import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';

const postsConfigSchema = baseConfigSchema.extend({
  /** Load the sample posts at start; false starts with an empty store. */
  SEED_DATA: boolVar(true),
});

/** The posts service's configuration, parsed once at start. */
export type PostsConfig = Readonly<z.infer<typeof postsConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): PostsConfig {
  return parseConfig(postsConfigSchema, env);
}
