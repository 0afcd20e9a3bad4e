import { createTestApp, startHangingServer, startResourceStandIn, type ResourceStandIn, type TestApp } from '@forum/service-kit/testing';
import request from 'supertest';
import { loadConfig } from '../config';
import { PostsModule } from './posts.module';
import { routePrefixOf } from '@forum/service-catalog/manifest';

const TIMEOUT_MS = 300;

/** POST /api/posts over real HTTP, with users and threads stand-ins on loopback found through the static backend. */
describe('POST /api/posts checks the user and the thread', () => {
  let users: ResourceStandIn;
  let threads: ResourceStandIn;
  let t: TestApp;

  async function start(usersOrigin = users.origin, threadsOrigin = threads.origin): Promise<void> {
    const config = loadConfig({
        STORAGE: 'memory',
      SEED_DATA: 'false',
      DISCOVERY_BACKEND: 'static',
      DISCOVERY_STATIC: `users=${usersOrigin},threads=${threadsOrigin}`,
      DISCOVERY_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    t = await createTestApp({ module: PostsModule, config });
  }

  beforeEach(async () => {
    users = await startResourceStandIn(routePrefixOf('users'), [1, 2], { host: '127.0.0.41' });
    threads = await startResourceStandIn(routePrefixOf('threads'), [5], { host: '127.0.0.42' });
  });

  afterEach(async () => {
    await t?.close();
    await Promise.all([users.close(), threads.close()]);
  });

  it('creates the post (201) when both exist, forwarding the request id to both services', async () => {
    await start();
    const res = await request(t.server).post('/api/posts').set('X-Request-Id', 'req-201').send({ user: 2, thread: 5, text: 'hi' }).expect(201);
    expect(res.body).toEqual({ id: 1, user: 2, thread: 5, text: 'hi' });
    expect([users.paths, threads.paths]).toEqual([['/api/users/2'], ['/api/threads/5']]);
    expect([users.requestIds, threads.requestIds]).toEqual([['req-201'], ['req-201']]);
  });

  it('answers 422 naming the missing user and stores nothing', async () => {
    await start();
    const res = await request(t.server).post('/api/posts').set('X-Request-Id', 'req-422').send({ user: 9, thread: 5, text: 'hi' }).expect(422);
    expect(res.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'user 9 does not exist',
      requestId: 'req-422',
      fields: [{ field: 'user', messages: ['user 9 does not exist'] }],
    });
    await request(t.server).get('/api/posts').expect(200, []);
  });

  it('answers 422 naming the missing thread, and both when both are missing', async () => {
    await start();
    const thread = await request(t.server).post('/api/posts').send({ user: 1, thread: 6, text: 'hi' }).expect(422);
    expect(thread.body.fields).toEqual([{ field: 'thread', messages: ['thread 6 does not exist'] }]);
    const both = await request(t.server).post('/api/posts').send({ user: 3, thread: 6, text: 'hi' }).expect(422);
    expect(both.body.fields.map((f: { field: string }) => f.field)).toEqual(['user', 'thread']);
  });

  it('answers 503 naming users, promptly, when the users instance is down', async () => {
    await users.close();
    await start();
    const started = Date.now();
    const res = await request(t.server).post('/api/posts').set('X-Request-Id', 'req-503').send({ user: 1, thread: 5, text: 'hi' }).expect(503);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS + 4000);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'users service unavailable: no instance answered',
      requestId: 'req-503',
      upstreams: ['users'],
    });
    await request(t.server).get('/api/posts').expect(200, []);
  });

  it('answers 503 naming threads when the threads instance is down', async () => {
    await threads.close();
    await start();
    const res = await request(t.server).post('/api/posts').send({ user: 1, thread: 5, text: 'hi' }).expect(503);
    expect([res.body.message, res.body.upstreams]).toEqual(['threads service unavailable: no instance answered', ['threads']]);
  });

  it('answers 503 naming users within the discovery timeout when users accepts but never answers', async () => {
    const hanging = await startHangingServer('127.0.0.43');
    try {
      await start(hanging.origin);
      const started = Date.now();
      const res = await request(t.server).post('/api/posts').send({ user: 1, thread: 5, text: 'hi' }).expect(503);
      const elapsed = Date.now() - started;
      // A GET gets two attempts (here on the one instance), each bounded by the timeout.
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(2 * TIMEOUT_MS + 4000);
      expect([res.body.message, res.body.upstreams]).toEqual(['users service unavailable: no answer in time', ['users']]);
    } finally {
      await hanging.close();
    }
  });

  it('answers 503 naming both services within the discovery timeout when the Cloud Map endpoint accepts but never answers', async () => {
    const wedged = await startHangingServer('127.0.0.44');
    // The SDK reads region and credentials from its default chain; nothing checks them here.
    const aws = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    const saved = Object.fromEntries(Object.keys(aws).map((k) => [k, process.env[k]]));
    Object.assign(process.env, aws);
    try {
      const config = loadConfig({
        STORAGE: 'memory',
        SEED_DATA: 'false',
        DISCOVERY_BACKEND: 'cloudmap',
        DISCOVERY_NAMESPACE: 'forum.local',
        DISCOVERY_CLOUDMAP_ENDPOINT: wedged.origin,
        DISCOVERY_TIMEOUT_MS: String(TIMEOUT_MS),
      });
      t = await createTestApp({ module: PostsModule, config });
      const started = Date.now();
      const res = await request(t.server).post('/api/posts').set('X-Request-Id', 'req-wedged').send({ user: 1, thread: 5, text: 'hi' }).expect(503);
      const elapsed = Date.now() - started;
      // Both lookups run at once, each bounded by the timeout; nothing reached an instance.
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 4000);
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'users service unavailable: service discovery unreachable; threads service unavailable: service discovery unreachable',
        requestId: 'req-wedged',
        upstreams: ['users', 'threads'],
      });
      expect([users.paths, threads.paths]).toEqual([[], []]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await wedged.close();
    }
  });

  it('answers 502 naming users when users fails with a 500', async () => {
    await users.close();
    users = await startResourceStandIn(routePrefixOf('users'), [1], { status: 500, host: '127.0.0.41' });
    await start();
    const res = await request(t.server).post('/api/posts').send({ user: 1, thread: 5, text: 'hi' }).expect(502);
    expect([res.body.message, res.body.upstreams]).toEqual(['users service failed: it answered 500', ['users']]);
  });
});
