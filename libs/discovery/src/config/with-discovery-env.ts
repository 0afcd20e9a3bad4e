import type { z } from 'zod';
import { toDiscoveryConfig, type DiscoveryConfig } from './discovery-config';
import { discoveryEnvShape, refineDiscoveryEnv, type DiscoveryEnv } from './discovery-env';

/** The calling service as the service catalog describes it: its name and the services it calls. */
export interface DiscoveryCaller {
  readonly name: string;
  readonly calls: readonly string[];
}

/** An app's own parsed variables plus `discovery`, the typed settings of the client that finds its callees. */
export type WithDiscovery<T> = T & { readonly discovery: DiscoveryConfig };

/**
 * Adds the discovery variables to an app's env schema, so both are checked in one pass (one error naming every bad
 * variable) and come out as the app's own fields plus `discovery`. A static map must list every service `caller`
 * calls: a missing one would otherwise only show as 503s at the first request.
 */
export function withDiscoveryEnv<S extends z.ZodRawShape>(schema: z.ZodObject<S>, caller: DiscoveryCaller) {
  const ownKeys = Object.keys(schema.shape);
  return schema
    .extend(discoveryEnvShape)
    .superRefine((env, ctx) => refineDiscoveryEnv(env as DiscoveryEnv, ctx))
    .transform((env) => {
      const own = Object.fromEntries(ownKeys.map((key) => [key, (env as Record<string, unknown>)[key]]));
      return { ...own, discovery: toDiscoveryConfig(env as DiscoveryEnv) } as WithDiscovery<z.output<z.ZodObject<S>>>;
    })
    .superRefine(({ discovery }, ctx) => {
      if (discovery.backend.kind !== 'static') return;
      for (const callee of caller.calls) {
        if (!(callee in discovery.backend.instances)) {
          ctx.addIssue({ code: 'custom', path: ['DISCOVERY_STATIC'], message: `needs an instance of ${callee}, which ${caller.name} calls` });
        }
      }
    });
}
