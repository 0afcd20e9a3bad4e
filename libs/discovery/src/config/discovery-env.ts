import { z } from 'zod';
import { DISCOVERY_DEFAULTS } from '../discovery-client';
import { parseDnsServers, parseStaticInstances } from './env-lists';

/** An unset variable and an empty one mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const millis = (fallback: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).default(fallback));

/**
 * The discovery variables as a zod shape, to spread into an app's own env schema:
 * `z.object({ PORT: ..., ...discoveryEnvShape }).superRefine(refineDiscoveryEnv)`.
 */
export const discoveryEnvShape = {
  /** Which backend finds instances: Cloud Map API (`cloudmap`), DNS (`dns`) or a fixed map (`static`). */
  DISCOVERY_BACKEND: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['cloudmap', 'dns', 'static']).default('cloudmap')),
  /** Cloud Map namespace, e.g. `forum.local`; required for `cloudmap` and `dns`. */
  DISCOVERY_NAMESPACE: optional(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like forum.local')),
  /** Cloud Map API endpoint override (the local stand-in). Wins over AWS_ENDPOINT_URL_SERVICEDISCOVERY. */
  DISCOVERY_CLOUDMAP_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  /** The AWS SDK's standard service-specific endpoint variable, honoured the same way. */
  AWS_ENDPOINT_URL_SERVICEDISCOVERY: optional(z.url({ protocol: /^https?$/ })),
  /** DNS resolvers for the `dns` backend (`127.0.0.1:5353,10.0.0.2`); the system's when unset. */
  DISCOVERY_DNS_SERVERS: optional(z.string()),
  /** Instances for the `static` backend: `users=http://127.0.0.1:3001,threads=http://127.0.0.1:3002`. */
  DISCOVERY_STATIC: optional(z.string()),
  /** Port for instances registered without one (A-only DNS, Cloud Map without AWS_INSTANCE_PORT). */
  DISCOVERY_DEFAULT_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).default(DISCOVERY_DEFAULTS.defaultPort)),
  /** Milliseconds a backend answer is cached. */
  DISCOVERY_CACHE_TTL_MS: millis(DISCOVERY_DEFAULTS.cacheTtlMs),
  /** Milliseconds past the TTL a cached answer is still served while the backend fails. */
  DISCOVERY_STALE_MS: millis(DISCOVERY_DEFAULTS.staleMs),
  /** Milliseconds each call attempt (and each backend lookup) may take. */
  DISCOVERY_TIMEOUT_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).default(DISCOVERY_DEFAULTS.timeoutMs)),
  /** Milliseconds an instance that refused or timed out is skipped. */
  DISCOVERY_EJECT_MS: millis(DISCOVERY_DEFAULTS.ejectMs),
};

const shapeSchema = z.object(discoveryEnvShape);
/** The parsed discovery variables. */
export type DiscoveryEnv = z.infer<typeof shapeSchema>;

/** Cross-variable checks (namespace for cloudmap/dns, list syntax), for an app's `superRefine`. */
export function refineDiscoveryEnv(env: DiscoveryEnv, ctx: z.RefinementCtx): void {
  const issue = (path: keyof DiscoveryEnv, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (env.DISCOVERY_BACKEND !== 'static' && env.DISCOVERY_NAMESPACE === undefined) {
    issue('DISCOVERY_NAMESPACE', `required when DISCOVERY_BACKEND is ${env.DISCOVERY_BACKEND}`);
  }
  if (env.DISCOVERY_BACKEND === 'static' && env.DISCOVERY_STATIC === undefined) issue('DISCOVERY_STATIC', 'required when DISCOVERY_BACKEND is static');
  if (env.DISCOVERY_STATIC !== undefined) {
    const parsed = parseStaticInstances(env.DISCOVERY_STATIC);
    if (!parsed.ok) parsed.problems.forEach((p) => issue('DISCOVERY_STATIC', p));
  }
  if (env.DISCOVERY_DNS_SERVERS !== undefined) {
    const parsed = parseDnsServers(env.DISCOVERY_DNS_SERVERS);
    if (!parsed.ok) parsed.problems.forEach((p) => issue('DISCOVERY_DNS_SERVERS', p));
  }
}

/** The discovery schema on its own (shape plus cross-checks), for apps that parse it separately. */
export const discoveryEnvSchema = shapeSchema.superRefine(refineDiscoveryEnv);
