import { ConfigError } from '@forum/service-kit';
import { loadConfig } from './config';

describe('threads loadConfig', () => {
  it('uses Cloud Map on ECS: the task sets the namespace, the backend defaults to cloudmap', () => {
    const config = loadConfig({ DISCOVERY_NAMESPACE: 'forum.local' });
    expect(config).toMatchObject({ PORT: 3000, SEED_DATA: true });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', namespace: 'forum.local' }, timeoutMs: 2000 });
  });

  it('passes the local Cloud Map endpoint and the discovery timings through', () => {
    const config = loadConfig({
      DISCOVERY_BACKEND: 'cloudmap',
      DISCOVERY_NAMESPACE: 'forum.local',
      AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:4566',
      DISCOVERY_TIMEOUT_MS: '750',
    });
    expect(config.discovery).toMatchObject({ backend: { kind: 'cloudmap', endpoint: 'http://127.0.0.1:4566' }, timeoutMs: 750 });
  });

  it('reads a static map for simple local runs', () => {
    const config = loadConfig({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'users=http://127.0.0.2:3000' });
    expect(config.discovery.backend).toMatchObject({ kind: 'static', instances: { users: ['http://127.0.0.2:3000'] } });
  });

  it('refuses to start without a namespace, naming it alongside every other bad variable', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT:[\s\S]*DISCOVERY_NAMESPACE: required when DISCOVERY_BACKEND is cloudmap/);
  });

  it('refuses a static map that lacks a service threads calls', () => {
    expect(() => loadConfig({ DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: 'posts=http://127.0.0.4:3000' })).toThrow(
      /DISCOVERY_STATIC: needs an instance of users, which threads calls/,
    );
    expect(() => loadConfig({ DISCOVERY_BACKEND: 'static' })).toThrow(/DISCOVERY_STATIC: required when DISCOVERY_BACKEND is static/);
  });
});
