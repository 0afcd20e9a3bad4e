import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createRootLogger, readRequestContext, requestContextStorage, ROOT_LOGGER, SERVICE_CONFIG } from '@forum/service-kit';
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

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

/** The trace headers an instance received, when there were any. */
const traceOf = (headers: IncomingHttpHeaders) => (headers.traceparent === undefined ? {} : { traceparent: headers.traceparent, tracestate: headers.tracestate });

describe('DiscoveryModule', () => {
  let instance: TestInstance;

  beforeEach(async () => {
    instance = await startTestInstance((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: req.headers['x-request-id'], ...traceOf(req.headers) })),
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
  function kitStandIn(discovery: DiscoveryConfig, logs: MemoryLogStream, logger = pino({ level: 'info', base: { service: 'posts' } }, logs)): DynamicModule {
    @Module({})
    class KitStandIn {}
    return {
      module: KitStandIn,
      global: true,
      providers: [
        { provide: SERVICE_CONFIG, useValue: { PORT: 3000, discovery } },
        // The kit's root logger names the calling service in its base fields.
        { provide: ROOT_LOGGER, useValue: logger },
      ],
      exports: [SERVICE_CONFIG, ROOT_LOGGER],
    };
  }

  it('forService reads the kit config and forwards the id and trace of the request being served', async () => {
    const app = await start(DiscoveryModule.forService(), [kitStandIn(staticConfig({ users: [instance.origin] }), new MemoryLogStream())]);
    const discovery = app.get(UsersGateway).discovery;
    const context = readRequestContext('req-7', { traceparent: TRACEPARENT, tracestate: 'a=1' });
    const [first, second] = await requestContextStorage.run(context, () => Promise.all([discovery.client('users').get('/'), discovery.client('users').get('/')]));
    const traceparent = new RegExp(`^00-${TRACE_ID}-([0-9a-f]{16})-01$`);
    expect(first.body).toEqual({ id: 'req-7', traceparent: expect.stringMatching(traceparent), tracestate: 'a=1' });
    // Each call is a span of its own: a new span id, neither the caller's parent nor another call's.
    const spans = [first, second].map((res) => traceparent.exec((res.body as { traceparent: string }).traceparent)?.[1]);
    expect(new Set([...spans, '00f067aa0ba902b7']).size).toBe(3);
    expect((await discovery.client('users').get('/')).body).toEqual({});
    await app.close();
  });

  /** Config whose Cloud Map endpoint refuses connections, so every lookup fails and is logged. */
  async function unreachableCloudMap(): Promise<DiscoveryConfig> {
    const refused = await startTestInstance(() => undefined, '127.0.0.1');
    await refused.close();
    return { ...staticConfig({}), backend: { kind: 'cloudmap', namespace: 'forum.local', endpoint: refused.origin } };
  }

  it('forService writes its lines with the ids of the request being served', async () => {
    const logs = new MemoryLogStream();
    const cloudMap = await unreachableCloudMap();
    const { logger } = createRootLogger({ service: 'posts', level: 'info', destination: logs });
    const app = await start(DiscoveryModule.forService(), [kitStandIn(cloudMap, logs, logger)]);
    const context = readRequestContext('req-8', { traceparent: TRACEPARENT });
    await expect(requestContextStorage.run(context, () => app.get(UsersGateway).discovery.client('users').get('/'))).rejects.toThrow(/users/);
    expect(logs.withMessage('discovery backend failing; no cached instances')).toEqual([
      expect.objectContaining({ module: 'discovery', requestId: 'req-8', traceId: TRACE_ID, upstream: 'users' }),
    ]);
    await app.close();
  });

  it('forService logs backend outages through a discovery child of the root logger', async () => {
    const logs = new MemoryLogStream();
    const cloudMap = await unreachableCloudMap();
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
