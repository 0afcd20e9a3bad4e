import { z } from 'zod';
import { withDiscoveryEnv } from './with-discovery-env';

// An app schema the way a service writes it, and a caller shaped like a catalog entry.
const schema = withDiscoveryEnv(
  z.object({ PORT: z.string().regex(/^\d+$/).transform(Number).default(3000), SEED_DATA: z.enum(['true', 'false']).default('true') }),
  { name: 'posts', calls: ['users', 'threads'] },
);
const issues = (env: Record<string, string>) => {
  const result = schema.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('withDiscoveryEnv', () => {
  it('uses Cloud Map on ECS: the task sets the namespace, the backend defaults to cloudmap', () => {
    const config = schema.parse({ DISCOVERY_NAMESPACE: 'forum.local' });
    expect(config).toMatchObject({ PORT: 3000, SEED_DATA: 'true' });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', namespace: 'forum.local' }, timeoutMs: 2000 });
  });

  it('keeps the app fields and discovery, not the raw discovery variables', () => {
    const config = schema.parse({ DISCOVERY_NAMESPACE: 'forum.local', PORT: '3100' });
    expect(Object.keys(config).sort()).toEqual(['PORT', 'SEED_DATA', 'discovery']);
    expect(Object.isFrozen(config.discovery)).toBe(true);
  });

  it('passes the local Cloud Map endpoint and the discovery timings through', () => {
    const config = schema.parse({
      DISCOVERY_BACKEND: 'cloudmap',
      DISCOVERY_NAMESPACE: 'forum.local',
      AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:4566',
      DISCOVERY_TIMEOUT_MS: '750',
    });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', endpoint: 'http://127.0.0.1:4566' }, timeoutMs: 750 });
  });

  it('reads a static map for simple local runs', () => {
    const config = schema.parse({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000,threads=http://127.0.0.3:3000' });
    expect(config.discovery.backend).toMatchObject({ kind: 'static', instances: { users: ['http://127.0.0.2:3000'], threads: ['http://127.0.0.3:3000'] } });
  });

  it('names a missing namespace alongside every other bad variable, app ones first', () => {
    expect(issues({ PORT: 'x' })).toEqual([expect.stringMatching(/^PORT: /), 'DISCOVERY_NAMESPACE: required when DISCOVERY_BACKEND is cloudmap']);
  });

  it('refuses a static map that lacks a service the caller calls, naming each one', () => {
    expect(issues({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000' })).toEqual([
      'DISCOVERY_STATIC: needs an instance of threads, which posts calls',
    ]);
    expect(issues({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'posts=http://127.0.0.4:3000' })).toEqual([
      'DISCOVERY_STATIC: needs an instance of users, which posts calls',
      'DISCOVERY_STATIC: needs an instance of threads, which posts calls',
    ]);
    expect(issues({ DISCOVERY_BACKEND: 'static' })).toEqual(['DISCOVERY_STATIC: required when DISCOVERY_BACKEND is static']);
  });

  it('does not ask a dynamic backend for its callees at start', () => {
    expect(issues({ DISCOVERY_BACKEND: 'dns', DISCOVERY_NAMESPACE: 'forum.local' })).toEqual([]);
  });
});
