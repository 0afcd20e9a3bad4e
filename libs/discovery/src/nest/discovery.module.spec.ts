import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DiscoveryClient } from '../discovery-client';
import { startTestInstance } from '../testing';
import { DiscoveryModule } from './discovery.module';

@Injectable()
class UsersGateway {
  constructor(readonly discovery: DiscoveryClient) {}
}

@Module({ providers: [UsersGateway] })
class FeatureModule {}

describe('DiscoveryModule', () => {
  it('provides one global DiscoveryClient built from config, forwarding the request id', async () => {
    const instance = await startTestInstance((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: req.headers['x-request-id'] })));
    const config = { backend: { kind: 'static' as const, instances: { users: [instance.origin] } }, defaultPort: 3000, cacheTtlMs: 1000, staleMs: 1000, timeoutMs: 500, ejectMs: 1000 };
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule.forRoot(config, { requestIdProvider: () => 'abc' }), FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const gateway = app.get(UsersGateway);
    expect(gateway.discovery).toBe(app.get(DiscoveryClient));
    expect(gateway.discovery.backendName).toBe('static');
    expect((await gateway.discovery.client('users').get('/')).body).toEqual({ id: 'abc' });
    const close = jest.spyOn(gateway.discovery, 'close');
    await app.close();
    expect(close).toHaveBeenCalled();
    await instance.close();
  });
});
