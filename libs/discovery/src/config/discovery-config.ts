import { parseDnsServers, parseStaticInstances } from './env-lists';
import { discoveryEnvSchema, type DiscoveryEnv } from './discovery-env';

/** Which backend to use and what it needs. */
export type DiscoveryBackendConfig =
  | { readonly kind: 'cloudmap'; readonly namespace: string; readonly endpoint?: string }
  | { readonly kind: 'dns'; readonly namespace: string; readonly servers: readonly string[] }
  | { readonly kind: 'static'; readonly instances: Readonly<Record<string, readonly string[]>> };

/** Typed discovery settings, built from the env by `toDiscoveryConfig` or written by hand in tests. */
export interface DiscoveryConfig {
  readonly backend: DiscoveryBackendConfig;
  readonly defaultPort: number;
  readonly cacheTtlMs: number;
  readonly staleMs: number;
  readonly timeoutMs: number;
  readonly ejectMs: number;
}

/** Turns parsed (and refined) discovery variables into a frozen `DiscoveryConfig`. */
export function toDiscoveryConfig(env: DiscoveryEnv): DiscoveryConfig {
  const unwrap = <T>(r: { ok: true; value: T } | { ok: false; problems: string[] }, name: string): T => {
    if (!r.ok) throw new Error(`${name}: ${r.problems.join('; ')}`);
    return r.value;
  };
  const namespace = env.DISCOVERY_NAMESPACE ?? '';
  const backend: DiscoveryBackendConfig =
    env.DISCOVERY_BACKEND === 'static'
      ? { kind: 'static', instances: unwrap(parseStaticInstances(env.DISCOVERY_STATIC ?? ''), 'DISCOVERY_STATIC') }
      : env.DISCOVERY_BACKEND === 'dns'
        ? { kind: 'dns', namespace, servers: env.DISCOVERY_DNS_SERVERS ? unwrap(parseDnsServers(env.DISCOVERY_DNS_SERVERS), 'DISCOVERY_DNS_SERVERS') : [] }
        : { kind: 'cloudmap', namespace, endpoint: env.DISCOVERY_CLOUDMAP_ENDPOINT ?? env.AWS_ENDPOINT_URL_SERVICEDISCOVERY };
  return Object.freeze({
    backend: Object.freeze(backend),
    defaultPort: env.DISCOVERY_DEFAULT_PORT,
    cacheTtlMs: env.DISCOVERY_CACHE_TTL_MS,
    staleMs: env.DISCOVERY_STALE_MS,
    timeoutMs: env.DISCOVERY_TIMEOUT_MS,
    ejectMs: env.DISCOVERY_EJECT_MS,
  });
}

/**
 * Parses the discovery variables out of an env-like record (the caller passes `process.env`; this
 * library never reads it), throwing one error that lists every offending variable.
 */
export function parseDiscoveryEnv(env: Readonly<Record<string, string | undefined>>): DiscoveryConfig {
  const result = discoveryEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(discovery)'}: ${i.message}`);
    throw new Error(`Invalid discovery configuration:\n  ${problems.join('\n  ')}`);
  }
  return toDiscoveryConfig(result.data);
}
