import { discoveryEnvShape, refineDiscoveryEnv, toDiscoveryConfig, type DiscoveryConfig } from '@forum/discovery';
import { getService } from '@forum/service-catalog';
import { baseConfigSchema, boolVar, parseConfig, type BaseConfig } from '@forum/service-kit';

const threadsEnvSchema = baseConfigSchema
  .extend({
    /** Load the sample threads at start; false starts with an empty store. */
    SEED_DATA: boolVar(true),
    // How users are found: DISCOVERY_BACKEND (cloudmap unless set), DISCOVERY_NAMESPACE, ... (README).
    ...discoveryEnvShape,
  })
  .superRefine(refineDiscoveryEnv)
  .transform((env) => ({
    HOST: env.HOST,
    PORT: env.PORT,
    LOG_LEVEL: env.LOG_LEVEL,
    SHUTDOWN_TIMEOUT_MS: env.SHUTDOWN_TIMEOUT_MS,
    BODY_LIMIT: env.BODY_LIMIT,
    HTTP_KEEP_ALIVE_TIMEOUT_MS: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    SEED_DATA: env.SEED_DATA,
    discovery: toDiscoveryConfig(env),
  }))
  .superRefine(({ discovery }, ctx) => {
    // A static map without a callee would only show as 503s at the first request; say so at start instead.
    if (discovery.backend.kind !== 'static') return;
    for (const callee of getService('threads').calls) {
      if (!(callee in discovery.backend.instances)) {
        ctx.addIssue({ code: 'custom', path: ['DISCOVERY_STATIC'], message: `needs an instance of ${callee}, which threads calls` });
      }
    }
  });

/** The threads service's configuration, parsed once at start. */
export type ThreadsConfig = BaseConfig & {
  readonly SEED_DATA: boolean;
  /** How users are found and called. */
  readonly discovery: DiscoveryConfig;
};

/** Reads and validates the environment; the only place this service reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ThreadsConfig {
  return parseConfig(threadsEnvSchema, env);
}
