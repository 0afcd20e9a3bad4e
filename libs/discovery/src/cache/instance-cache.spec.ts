import { BackendUnavailableError, NoInstancesError, UnknownServiceError } from '../errors/discovery-errors';
import { FakeDiscoveryBackend } from '../testing';
import { InstanceCache } from './instance-cache';

describe('InstanceCache', () => {
  let now: number;
  let backend: FakeDiscoveryBackend;
  let logs: { level: string; msg: string }[];
  let cache: InstanceCache;

  beforeEach(() => {
    now = 1_000_000;
    backend = new FakeDiscoveryBackend().set('users', ['http://127.0.0.2:3000', 'http://127.0.0.3:3000']);
    logs = [];
    const log = { info: (_: object, msg: string) => logs.push({ level: 'info', msg }), warn: (_: object, msg: string) => logs.push({ level: 'warn', msg }) };
    cache = new InstanceCache(backend, { ttlMs: 100, staleMs: 1000, lookupTimeoutMs: 200, now: () => now }, log);
  });

  it('serves a fresh answer from the cache until the TTL passes', async () => {
    const first = await cache.lookup('users');
    expect(first.map((i) => i.origin)).toEqual(['http://127.0.0.2:3000', 'http://127.0.0.3:3000']);
    now += 99;
    expect(await cache.lookup('users')).toBe(first);
    expect(cache.peek('users')).toBe(first);
    expect(backend.calls).toBe(1);
    now += 1;
    expect(cache.peek('users')).toBeUndefined();
    await cache.lookup('users');
    expect(backend.calls).toBe(2);
  });

  it('shares one backend call between concurrent lookups', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.lookup('users')));
    expect(backend.calls).toBe(1);
    expect(new Set(all).size).toBe(1);
  });

  it('serves stale instances while the backend fails, logs the outage once, then fails after the stale bound', async () => {
    const cached = await cache.lookup('users');
    backend.fail(new Error('connect ECONNREFUSED'));
    now += 150;
    expect(await cache.lookup('users')).toBe(cached);
    now += 500;
    expect(await cache.lookup('users')).toBe(cached);
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(1);
    now += 500; // 100 ms TTL + 1000 ms stale bound have passed
    const err = await cache.lookup('users').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as BackendUnavailableError).message).toMatch(/service "users", backend fake/);
    expect((err as BackendUnavailableError).message).toMatch(/ECONNREFUSED/);
    backend.recover();
    now += 1000;
    expect((await cache.lookup('users')).length).toBe(2);
    expect(logs.map((l) => l.msg)).toEqual([
      'discovery backend failing; serving cached instances',
      'cached instances too old to serve; failing lookups',
      'discovery backend answering again',
    ]);
  });

  it('does not call a failing backend on every lookup', async () => {
    await cache.lookup('users');
    backend.fail();
    now += 150;
    for (let i = 0; i < 20; i++) await cache.lookup('users');
    expect(backend.calls).toBe(2);
  });

  it('fails with BackendUnavailable when there was never an answer', async () => {
    backend.fail(new Error('timeout'));
    await expect(cache.lookup('users')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('reports an unknown service and an empty service as such, never masked by stale data', async () => {
    await expect(cache.lookup('billing')).rejects.toBeInstanceOf(UnknownServiceError);
    await cache.lookup('users');
    backend.set('users', []);
    now += 150;
    await expect(cache.lookup('users')).rejects.toBeInstanceOf(NoInstancesError);
  });

  it('asks the backend again after invalidate', async () => {
    await cache.lookup('users');
    cache.invalidate('users');
    await cache.lookup('users');
    expect(backend.calls).toBe(2);
  });
});
