import { createSocket, type Socket } from 'node:dgram';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscoveryClient } from '../discovery-client';
import { LookupTimeoutError } from '../cache/resolve-within';
import { BackendUnavailableError, NoInstancesError, UnknownServiceError } from '../errors/discovery-errors';
import { startTestInstance, type TestInstance } from '../testing';
import { DnsBackend } from './dns-backend';
import { startStandIn, type StandInFixture } from '../../test/stand-in-fixture';

describe('DnsBackend against the stand-in DNS', () => {
  let standIn: StandInFixture;
  let backend: DnsBackend;

  beforeAll(async () => {
    standIn = await startStandIn(['users', 'posts']);
    backend = new DnsBackend({ namespace: 'forum.local', servers: [`${standIn.cloudMap.host}:${standIn.cloudMap.dnsPort}`], defaultPort: 3000, timeoutMs: 500 });
  });
  afterAll(() => standIn.close());

  it('reads each instance address and port from SRV and A records', async () => {
    await standIn.register('users', 'task-a', '127.0.0.2', 3001);
    await standIn.register('users', 'task-b', '127.0.0.3', 3002);
    const found = await backend.resolve('users');
    expect(found.map((i) => i.origin).sort()).toEqual(['http://127.0.0.2:3001', 'http://127.0.0.3:3002']);
    expect(found.map((i) => i.id).sort()).toEqual(['task-a.users.forum.local', 'task-b.users.forum.local']);
    await standIn.deregister('users', 'task-a');
    await standIn.deregister('users', 'task-b');
  });

  it('tells an unknown service (NXDOMAIN) from one with no instances (NODATA)', async () => {
    await expect(backend.resolve('billing')).rejects.toBeInstanceOf(UnknownServiceError);
    expect(await backend.resolve('posts')).toEqual([]);
    const client = new DiscoveryClient({ backend });
    await expect(client.lookup('posts')).rejects.toThrow(new NoInstancesError('posts', 'dns'));
    await client.close();
  });

  it('serves calls to instances found through DNS', async () => {
    const instance: TestInstance = await startTestInstance((_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), '127.0.0.4');
    await standIn.register('posts', 'p-1', instance.host, instance.port);
    const client = new DiscoveryClient({ backend: new DnsBackend({ namespace: 'forum.local', servers: [`${standIn.cloudMap.host}:${standIn.cloudMap.dnsPort}`], defaultPort: 3000, timeoutMs: 500 }) });
    const res = await client.client('posts').get<{ ok: boolean }>('/api/posts');
    expect(res.body).toEqual({ ok: true });
    expect(res.instance.origin).toBe(instance.origin);
    await client.close();
    await instance.close();
    await standIn.deregister('posts', 'p-1');
  });

  describe('against a resolver that receives queries but never answers', () => {
    let silent: Socket;
    let queries: number;
    let server: string;

    beforeEach(async () => {
      queries = 0;
      silent = createSocket('udp4').on('message', () => queries++);
      await new Promise<void>((resolve) => silent.bind(0, '127.0.0.7', resolve));
      server = `127.0.0.7:${(silent.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it('fails a lookup with BackendUnavailableError within the timeout', async () => {
      const client = new DiscoveryClient({ backend: new DnsBackend({ namespace: 'forum.local', servers: [server], defaultPort: 3000, timeoutMs: 5000 }), timeoutMs: 300 });
      const started = Date.now();
      const err = await client.lookup('users').catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      await client.close();
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect((err as Error).cause).toBeInstanceOf(LookupTimeoutError);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      // Well below the resolver's 5 s timeout, so the client's 300 ms bound ended it, with room for a busy CPU.
      expect(elapsed).toBeLessThan(4000);
      expect(queries).toBeGreaterThan(0);
    });

    it('bounds a direct resolve by the resolver timeout and tries (ETIMEOUT, not a hang)', async () => {
      const direct = new DnsBackend({ namespace: 'forum.local', servers: [server], defaultPort: 3000, timeoutMs: 200 });
      const started = Date.now();
      const err = await direct.resolve('users').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ETIMEOUT' });
      // Two tries of about 200 and 400 ms, with room for a busy CPU; c-ares's defaults would take over a minute.
      expect(Date.now() - started).toBeLessThan(6000);
    }, 20_000);
  });
});
