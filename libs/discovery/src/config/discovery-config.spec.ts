import { z } from 'zod';
import { discoveryEnvShape, refineDiscoveryEnv } from './discovery-env';
import { parseDiscoveryEnv, toDiscoveryConfig } from './discovery-config';
import { createDiscoveryBackend } from './create-discovery-client';

describe('discovery configuration', () => {
  it('defaults to the Cloud Map backend, taking the SDK endpoint variable', () => {
    const config = parseDiscoveryEnv({ DISCOVERY_NAMESPACE: 'forum.local', AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:4566' });
    expect(config).toEqual({
      backend: { kind: 'cloudmap', namespace: 'forum.local', endpoint: 'http://127.0.0.1:4566' },
      defaultPort: 3000,
      cacheTtlMs: 5000,
      staleMs: 60000,
      timeoutMs: 2000,
      ejectMs: 10000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(createDiscoveryBackend(config).name).toBe('cloudmap');
  });

  it('prefers DISCOVERY_CLOUDMAP_ENDPOINT and reads the timings', () => {
    const config = parseDiscoveryEnv({
      DISCOVERY_NAMESPACE: 'forum.local',
      DISCOVERY_CLOUDMAP_ENDPOINT: 'http://127.0.0.1:1111',
      AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:2222',
      DISCOVERY_CACHE_TTL_MS: '100',
      DISCOVERY_STALE_MS: '0',
      DISCOVERY_TIMEOUT_MS: '250',
      DISCOVERY_EJECT_MS: '',
    });
    expect(config).toMatchObject({ backend: { endpoint: 'http://127.0.0.1:1111' }, cacheTtlMs: 100, staleMs: 0, timeoutMs: 250, ejectMs: 10000 });
  });

  it('parses the DNS backend with resolver servers including ports', () => {
    const config = parseDiscoveryEnv({ DISCOVERY_BACKEND: 'dns', DISCOVERY_NAMESPACE: 'forum.local', DISCOVERY_DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2,[::1]:53' });
    expect(config.backend).toEqual({ kind: 'dns', namespace: 'forum.local', servers: ['127.0.0.1:5353', '10.0.0.2', '[::1]:53'] });
    expect(createDiscoveryBackend(config).name).toBe('dns');
  });

  it('parses the static map, repeated services adding instances', () => {
    const config = parseDiscoveryEnv({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000,users=http://127.0.0.3:3000/,threads=http://127.0.0.4:3000' });
    expect(config.backend).toEqual({ kind: 'static', instances: { users: ['http://127.0.0.2:3000', 'http://127.0.0.3:3000'], threads: ['http://127.0.0.4:3000'] } });
    expect(createDiscoveryBackend(config).name).toBe('static');
  });

  it('lists every offending variable in one error', () => {
    expect(() =>
      parseDiscoveryEnv({ DISCOVERY_BACKEND: 'dns', DISCOVERY_DNS_SERVERS: 'resolver.local', DISCOVERY_TIMEOUT_MS: '0', DISCOVERY_STATIC: 'users' }),
    ).toThrow(
      /Invalid discovery configuration:\n {2}DISCOVERY_TIMEOUT_MS: .*\n {2}DISCOVERY_NAMESPACE: required when DISCOVERY_BACKEND is dns\n {2}DISCOVERY_STATIC: "users" is not service=http:\/\/host:port\n {2}DISCOVERY_DNS_SERVERS: "resolver.local" is not ip/,
    );
    expect(() => parseDiscoveryEnv({ DISCOVERY_BACKEND: 'consul' })).toThrow(/DISCOVERY_BACKEND/);
    expect(() => parseDiscoveryEnv({ DISCOVERY_BACKEND: 'static' })).toThrow(/DISCOVERY_STATIC: required when DISCOVERY_BACKEND is static/);
    expect(() => parseDiscoveryEnv({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=https://x:1/path' })).toThrow(/not an http:\/\/host:port URL/);
  });

  it('merges into an app schema', () => {
    const appSchema = z.object({ PORT: z.coerce.number().default(3000), ...discoveryEnvShape }).superRefine(refineDiscoveryEnv);
    const parsed = appSchema.parse({ PORT: '3100', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000' });
    expect(parsed.PORT).toBe(3100);
    expect(toDiscoveryConfig(parsed).backend.kind).toBe('static');
    expect(appSchema.safeParse({ DISCOVERY_BACKEND: 'cloudmap' }).success).toBe(false);
  });
});
