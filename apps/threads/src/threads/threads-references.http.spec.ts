import { createTestApp, startHangingServer, startResourceStandIn, type ResourceStandIn, type TestApp } from '@forum/service-kit/testing';
import request from 'supertest';
import { loadConfig } from '../config';
import { ThreadsModule } from './threads.module';
import { routePrefixOf } from '@forum/service-catalog/manifest';

const TIMEOUT_MS = 300;

/** POST /api/threads over real HTTP, with a users stand-in on loopback found through the static backend. */
describe('POST /api/threads checks createdBy', () => {
  let users: ResourceStandIn;
  let t: TestApp;

  async function start(usersOrigin = users.origin): Promise<void> {
    const config = loadConfig({ STORAGE: 'memory', SEED_DATA: 'false', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${usersOrigin}`, DISCOVERY_TIMEOUT_MS: String(TIMEOUT_MS) });
    t = await createTestApp({ module: ThreadsModule, config });
  }

  beforeEach(async () => {
    users = await startResourceStandIn(routePrefixOf('users'), [1, 2], { host: '127.0.0.51' });
  });

  afterEach(async () => {
    await t?.close();
    await users.close();
  });

  it('creates the thread (201) when the author exists, forwarding the request id', async () => {
    await start();
    const res = await request(t.server).post('/api/threads').set('X-Request-Id', 'req-201').send({ title: 'Lost sword', createdBy: 2 }).expect(201);
    expect(res.body).toEqual({ id: 1, title: 'Lost sword', createdBy: 2 });
    expect([users.paths, users.requestIds]).toEqual([['/api/users/2'], ['req-201']]);
  });

  it('answers 422 naming createdBy for a missing author and stores nothing', async () => {
    await start();
    const res = await request(t.server).post('/api/threads').set('X-Request-Id', 'req-422').send({ title: 'Lost sword', createdBy: 9 }).expect(422);
    expect(res.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'createdBy 9 does not exist',
      requestId: 'req-422',
      fields: [{ field: 'createdBy', messages: ['createdBy 9 does not exist'] }],
    });
    await request(t.server).get('/api/threads').expect(200, []);
  });

  it('answers 503 naming users, promptly, when the users instance is down', async () => {
    await users.close();
    await start();
    const started = Date.now();
    const res = await request(t.server).post('/api/threads').set('X-Request-Id', 'req-503').send({ title: 'Lost sword', createdBy: 1 }).expect(503);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS + 4000);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'users service unavailable: no instance answered',
      requestId: 'req-503',
      upstreams: ['users'],
    });
  });

  it('answers 503 naming users within the discovery timeout when users accepts but never answers', async () => {
    const hanging = await startHangingServer('127.0.0.52');
    try {
      await start(hanging.origin);
      const started = Date.now();
      const res = await request(t.server).post('/api/threads').send({ title: 'Lost sword', createdBy: 1 }).expect(503);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(2 * TIMEOUT_MS + 4000);
      expect([res.body.message, res.body.upstreams]).toEqual(['users service unavailable: no answer in time', ['users']]);
    } finally {
      await hanging.close();
    }
  });
});
