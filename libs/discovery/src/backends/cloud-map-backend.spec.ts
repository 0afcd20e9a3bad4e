import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscoveryClient } from '../discovery-client';
import { BackendUnavailableError, NoInstancesError, UnknownServiceError } from '../errors/discovery-errors';
import { startHangingServer } from '@forum/service-kit/testing';
import { LookupTimeoutError } from '../cache/resolve-within';
import { startTestInstance, type TestInstance } from '../testing';
import { CloudMapBackend } from './cloud-map-backend';
import { LOCAL_AWS, startStandIn, type StandInFixture } from '../../test/stand-in-fixture';

const named = (name: string) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name }));

describe('CloudMapBackend against the stand-in (real SDK over HTTP)', () => {
  let standIn: StandInFixture;
  let instances: TestInstance[];
  let discovery: DiscoveryClient;
  const warnings: string[] = [];

  const backend = (endpoint: string, timeoutMs = 500) => new CloudMapBackend({ namespace: 'forum.local', endpoint, defaultPort: 3000, timeoutMs, clientConfig: LOCAL_AWS });

  beforeEach(async () => {
    standIn = await startStandIn(['users', 'threads']);
    instances = [await startTestInstance(named('u1'), '127.0.0.2'), await startTestInstance(named('u2'), '127.0.0.3')];
    await standIn.register('users', 'task-1', instances[0].host, instances[0].port);
    await standIn.register('users', 'task-2', instances[1].host, instances[1].port);
    warnings.length = 0;
    discovery = new DiscoveryClient({
      backend: backend(standIn.cloudMap.endpoint),
      cacheTtlMs: 100,
      // Wide enough that a loaded machine cannot push the "still inside the stale bound" checks past it.
      staleMs: 3000,
      logger: { info: () => undefined, warn: (_e, msg) => warnings.push(msg) },
    });
  });
  afterEach(async () => {
    await discovery.close();
    await standIn.close();
    await Promise.all(instances.map((i) => i.close()));
  });

  it('discovers registered instances by their IPv4 and port attributes and calls them round robin', async () => {
    const found = await discovery.lookup('users');
    expect(found.map((i) => [i.id, i.origin])).toEqual([
      ['task-1', instances[0].origin],
      ['task-2', instances[1].origin],
    ]);
    const users = discovery.client('users');
    const names = [(await users.get<{ name: string }>('/')).body.name, (await users.get<{ name: string }>('/')).body.name];
    expect(names.sort()).toEqual(['u1', 'u2']);
  });

  it('sees a deregistration once the cache TTL passes', async () => {
    await discovery.lookup('users');
    await standIn.deregister('users', 'task-1');
    await new Promise((r) => setTimeout(r, 120));
    expect((await discovery.lookup('users')).map((i) => i.id)).toEqual(['task-2']);
    await standIn.deregister('users', 'task-2');
    await new Promise((r) => setTimeout(r, 120));
    await expect(discovery.lookup('users')).rejects.toBeInstanceOf(NoInstancesError);
  });

  it('maps ServiceNotFound and NamespaceNotFound to UnknownServiceError naming the backend', async () => {
    const err = await discovery.lookup('billing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownServiceError);
    expect(err).toMatchObject({ code: 'UNKNOWN_SERVICE', service: 'billing', backend: 'cloudmap', message: 'unknown service (service "billing", backend cloudmap)' });
    expect((err as Error).cause).toMatchObject({ name: 'ServiceNotFound' });
    const otherNamespace = new CloudMapBackend({ namespace: 'other.local', endpoint: standIn.cloudMap.endpoint, defaultPort: 3000, timeoutMs: 500, clientConfig: LOCAL_AWS });
    await expect(otherNamespace.resolve('users')).rejects.toBeInstanceOf(UnknownServiceError);
    otherNamespace.close();
  });

  it('keeps serving cached instances after the stand-in stops, then fails clearly once the stale bound passes', async () => {
    const before = await discovery.lookup('users');
    await standIn.close();
    await new Promise((r) => setTimeout(r, 150)); // past the 100 ms TTL, inside the 3 s stale bound
    expect(await discovery.lookup('users')).toBe(before);
    expect((await discovery.client('users').get<{ name: string }>('/')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000)); // past TTL + stale bound
    const err = await discovery.lookup('users').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(/service "users", backend cloudmap/);
    expect(warnings[0]).toBe('discovery backend failing; serving cached instances');
    expect(warnings.filter((w) => w.startsWith('discovery backend failing'))).toHaveLength(1);
  });

  it('fails a lookup with BackendUnavailableError within the timeout when the endpoint accepts but never answers', async () => {
    const wedged = await startHangingServer('127.0.0.5');
    // The SDK alone would wait 5 s per attempt: only the client's 300 ms lookup bound can end this early.
    const client = new DiscoveryClient({ backend: backend(wedged.origin, 5000), timeoutMs: 300 });
    try {
      const started = Date.now();
      const err = await client.lookup('users').catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect((err as Error).cause).toBeInstanceOf(LookupTimeoutError);
      expect((err as Error).message).toBe('discovery backend unavailable: LookupTimeoutError: no answer within 300 ms (service "users", backend cloudmap)');
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(4000);
    } finally {
      await client.close();
      await wedged.close();
    }
  });

  it('bounds a direct resolve by its request timeout too (the SDK throws instead of only warning)', async () => {
    const wedged = await startHangingServer('127.0.0.6');
    const direct = backend(wedged.origin);
    try {
      const started = Date.now();
      const err = await direct.resolve('users').catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'TimeoutError' });
      // Two attempts of 500 ms each plus the SDK's retry delay, with room for a busy CPU; without the request
      // timeout the SDK would wait on the hanging server until the test times out.
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      direct.close();
      await wedged.close();
    }
  }, 20_000);

  it('fails with BackendUnavailableError when the endpoint never answered', async () => {
    const dead = new DiscoveryClient({ backend: backend('http://127.0.0.1:1') });
    await expect(dead.lookup('users')).rejects.toBeInstanceOf(BackendUnavailableError);
    await dead.close();
  });
});
