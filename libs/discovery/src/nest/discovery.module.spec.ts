import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { requestContextStorage, ROOT_LOGGER, SERVICE_CONFIG } from '@forum/service-kit';
import { MemoryLogStream } from '@forum/service-kit/testing';
import pino from 'pino';
import type { DiscoveryConfig } from '../config/discovery-config';
import { DiscoveryClient } from '../discovery-client';
import { startTestInstance, type TestInstance } from '../testing';
import { DiscoveryModule } from './discovery.module';

@Injectable()
class UsersGateway {
  constructor(readonly discovery: DiscoveryClient) {}
}

@Module({ providers: [UsersGateway] })
class FeatureModule {}

const staticConfig = (instances: Record<string, string[]>): DiscoveryConfig => ({
  backend: { kind: 'static', instances },
  defaultPort: 3000,
  cacheTtlMs: 1000,
  staleMs: 1000,
  timeoutMs: 500,
  ejectMs: 1000,
});

describe('DiscoveryModule', () => {
  let instance: TestInstance;

  beforeEach(async () => {
    instance = await startTestInstance((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: req.headers['x-request-id'] })),
    );
  });

  afterEach(() => instance.close());

  async function start(discovery: DynamicModule, globals: DynamicModule[] = []) {
    const moduleRef = await Test.createTestingModule({ imports: [...globals, discovery, FeatureModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  it('provides one global DiscoveryClient built from config, forwarding the request id', async () => {
    const app = await start(DiscoveryModule.forRoot(staticConfig({ users: [instance.origin] }), { requestIdProvider: () => 'abc' }));
    const gateway = app.get(UsersGateway);
    expect(gateway.discovery).toBe(app.get(DiscoveryClient));
    expect(gateway.discovery.backendName).toBe('static');
    expect((await gateway.discovery.client('users').get('/')).body).toEqual({ id: 'abc' });
    const close = jest.spyOn(gateway.discovery, 'close');
    await app.close();
    expect(close).toHaveBeenCalled();
  });

  it('builds the client from injected providers with forRootAsync', async () => {
    const CONFIG = Symbol('CONFIG');
    @Module({ providers: [{ provide: CONFIG, useValue: staticConfig({ users: [instance.origin] }) }], exports: [CONFIG] })
    class ConfigModule {}
    const app = await start(
      DiscoveryModule.forRootAsync({
        imports: [ConfigModule],
        inject: [CONFIG],
        useFactory: async (config: DiscoveryConfig) => ({ config, extras: { requestIdProvider: () => 'from-factory' } }),
      }),
    );
    expect((await app.get(UsersGateway).discovery.client('users').get('/')).body).toEqual({ id: 'from-factory' });
    await app.close();
  });

  /** Stands in for the kit's global module: the parsed service config and the root logger. */
  function kitStandIn(discovery: DiscoveryConfig, logs: MemoryLogStream): DynamicModule {
    @Module({})
    class KitStandIn {}
    return {
      module: KitStandIn,
      global: true,
      providers: [
        { provide: SERVICE_CONFIG, useValue: { PORT: 3000, discovery } },
        // The kit's root logger names the calling service in its base fields.
        { provide: ROOT_LOGGER, useValue: pino({ level: 'info', base: { service: 'posts' } }, logs) },
      ],
      exports: [SERVICE_CONFIG, ROOT_LOGGER],
    };
  }

  it('forService reads the kit config and forwards the id of the request being served', async () => {
    const app = await start(DiscoveryModule.forService(), [kitStandIn(staticConfig({ users: [instance.origin] }), new MemoryLogStream())]);
    const discovery = app.get(UsersGateway).discovery;
    const answer = await requestContextStorage.run({ requestId: 'req-7' }, () => discovery.client('users').get('/'));
    expect(answer.body).toEqual({ id: 'req-7' });
    await app.close();
  });

  it('forService logs backend outages through a discovery child of the root logger', async () => {
    const logs = new MemoryLogStream();
    const refused = await startTestInstance(() => undefined, '127.0.0.1');
    await refused.close();
    const cloudMap: DiscoveryConfig = { ...staticConfig({}), backend: { kind: 'cloudmap', namespace: 'forum.local', endpoint: refused.origin } };
    const app = await start(DiscoveryModule.forService(), [kitStandIn(cloudMap, logs)]);
    await expect(app.get(UsersGateway).discovery.client('users').get('/')).rejects.toThrow(/users/);
    expect(logs.withMessage('discovery backend failing; no cached instances')).toEqual([
      expect.objectContaining({ level: 40, module: 'discovery', service: 'posts', upstream: 'users', backend: 'cloudmap' }),
    ]);
    // The callee has its own key, so the caller's `service` is written once, not shadowed by a second one.
    const line = logs.raw.find((l) => l.includes('discovery backend failing')) ?? '';
    expect(line.match(/"service":/g)).toEqual(['"service":']);
    await app.close();
  });
});
