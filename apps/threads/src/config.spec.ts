import { ConfigError } from '@forum/service-kit';
import { loadConfig } from './config';

// The discovery variables themselves are covered in @forum/discovery (withDiscoveryEnv); these pin how threads uses them.
describe('threads loadConfig', () => {
  it('defaults to port 3000 without seed data, finding its callees through Cloud Map in the namespace the task sets', () => {
    const config = loadConfig({ STORAGE: 'memory', DISCOVERY_NAMESPACE: 'forum.local' });
    expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', SEED_DATA: false });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', namespace: 'forum.local' }, timeoutMs: 2000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a static map for simple local runs', () => {
    const config = loadConfig({ STORAGE: 'memory', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000', SEED_DATA: 'false' });
    expect(config).toMatchObject({ SEED_DATA: false, discovery: { backend: { kind: 'static', instances: { users: ['http://127.0.0.2:3000'] } } } });
  });

  it('refuses to start without a namespace, naming it alongside every other bad variable', () => {
    expect(() => loadConfig({ STORAGE: 'memory', PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE: 'memory', PORT: 'x' })).toThrow(/PORT:[\s\S]*DISCOVERY_NAMESPACE: required when DISCOVERY_BACKEND is cloudmap/);
  });

  it('refuses to start without database settings, naming them alongside the discovery ones', () => {
    expect(() => loadConfig({})).toThrow(/STORAGE: postgres needs DATABASE_URL[\s\S]*DISCOVERY_NAMESPACE: required/);
  });

  it('refuses a static map that lacks a service threads calls', () => {
    expect(() => loadConfig({ STORAGE: 'memory', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'posts=http://127.0.0.4:3000' })).toThrow(
      /DISCOVERY_STATIC: needs an instance of users, which threads calls/,
    );
  });
});
