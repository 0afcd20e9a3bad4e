import { ConfigError } from '@forum/service-kit';
import { loadConfig } from './config';

// The discovery variables themselves are covered in @forum/discovery (withDiscoveryEnv); these pin how threads uses them.
describe('threads loadConfig', () => {
  it('defaults to port 3000 with seed data, finding its callees through Cloud Map in the namespace the task sets', () => {
    const config = loadConfig({ DISCOVERY_NAMESPACE: 'forum.local' });
    expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', SEED_DATA: true });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', namespace: 'forum.local' }, timeoutMs: 2000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a static map for simple local runs', () => {
    const config = loadConfig({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000', SEED_DATA: 'false' });
    expect(config).toMatchObject({ SEED_DATA: false, discovery: { backend: { kind: 'static', instances: { users: ['http://127.0.0.2:3000'] } } } });
  });

  it('refuses to start without a namespace, naming it alongside every other bad variable', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT:[\s\S]*DISCOVERY_NAMESPACE: required when DISCOVERY_BACKEND is cloudmap/);
  });

  it('refuses a static map that lacks a service threads calls', () => {
    expect(() => loadConfig({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'posts=http://127.0.0.4:3000' })).toThrow(
      /DISCOVERY_STATIC: needs an instance of users, which threads calls/,
    );
  });
});
