import { baseConfigSchema, boolVar, parseConfig } from '@forum/service-kit';
import type { z } from 'zod';

const threadsConfigSchema = baseConfigSchema.extend({
  /** Load the sample threads at start; false starts with an empty store. */
  SEED_DATA: boolVar(true),
});

/** The threads service's configuration, parsed once at start. */
export type ThreadsConfig = Readonly<z.infer<typeof threadsConfigSchema>>;

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ThreadsConfig {
  return parseConfig(threadsConfigSchema, env);
}
