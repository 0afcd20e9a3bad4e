import { useTestStorages } from '@forum/database/testing';
import { createTestApp, startResourceStandIn, type ResourceStandIn, type TestApp } from '@forum/service-kit/testing';
import request from 'supertest';
import { loadConfig } from '../config';
import { PostsModule } from './posts.module';
import { routePrefixOf } from '@forum/service-catalog/manifest';

const ids = (body: { id: number }[]) => body.map((p) => p.id);
const fields = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field).sort();

describe.each(useTestStorages('posts'))('posts HTTP API on $name storage', (storage) => {
  let t: TestApp;
  let users: ResourceStandIn;
  let threads: ResourceStandIn;

  beforeAll(async () => {
    // The seed users and threads, found through the static backend as a simple local run would.
    users = await startResourceStandIn(routePrefixOf('users'), [1, 2, 3, 4]);
    threads = await startResourceStandIn(routePrefixOf('threads'), [1, 2, 3]);
  });

  afterAll(() => Promise.all([users.close(), threads.close()]));

  beforeEach(async () => {
    const DISCOVERY_STATIC = `users=${users.origin},threads=${threads.origin}`;
    t = await createTestApp({ module: PostsModule, config: loadConfig({ SEED_DATA: 'true', ...storage.env(), BODY_LIMIT: '8kb', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC }) });
  });

  afterEach(() => t.close());

  describe('GET /api/posts', () => {
    it('lists the six seed posts with X-Total-Count', async () => {
      const res = await request(t.server).get('/api/posts').expect(200);
      expect(ids(res.body)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(res.body[0]).toEqual({ id: 1, thread: 1, user: 4, text: 'Has anyone checked on the lich recently?' });
      expect(res.headers['x-total-count']).toBe('6');
    });

    it('pages and rejects out-of-bounds paging', async () => {
      const res = await request(t.server).get('/api/posts?limit=2&offset=4').expect(200);
      expect(ids(res.body)).toEqual([5, 6]);
      await request(t.server).get('/api/posts?limit=1000').expect(400);
      expect(ids((await request(t.server).get('/api/posts/in-thread/2?_=123').expect(200)).body)).toEqual([3, 4, 5]);
    });
  });

  describe('GET /api/posts/in-thread/:threadId', () => {
    it("lists one thread's posts", async () => {
      const res = await request(t.server).get('/api/posts/in-thread/2').expect(200);
      expect(ids(res.body)).toEqual([3, 4, 5]);
      expect(res.headers['x-total-count']).toBe('3');
    });

    it('pages within the thread', async () => {
      const res = await request(t.server).get('/api/posts/in-thread/2?limit=1&offset=1').expect(200);
      expect(ids(res.body)).toEqual([4]);
      expect(res.headers['x-total-count']).toBe('3');
    });

    it('answers a thread with no posts with an empty list', async () => {
      const res = await request(t.server).get('/api/posts/in-thread/77').expect(200, []);
      expect(res.headers['x-total-count']).toBe('0');
    });

    it('answers a non-numeric thread id with 400 naming threadId', async () => {
      const res = await request(t.server).get('/api/posts/in-thread/abc').expect(400);
      expect(fields(res.body)).toEqual(['threadId']);
    });
  });

  describe('GET /api/posts/by-user/:userId', () => {
    it("lists one user's posts", async () => {
      const res = await request(t.server).get('/api/posts/by-user/1').expect(200);
      expect(ids(res.body)).toEqual([5, 6]);
      expect(res.headers['x-total-count']).toBe('2');
    });

    it('answers a non-numeric user id with 400 naming userId', async () => {
      const res = await request(t.server).get('/api/posts/by-user/me').expect(400);
      expect(fields(res.body)).toEqual(['userId']);
    });
  });

  describe('GET /api/posts/:id', () => {
    it('returns one post, 404 for a missing one, 400 for a bad id', async () => {
      await request(t.server).get('/api/posts/4').expect(200, { id: 4, thread: 2, user: 2, text: 'Mathematical!' });
      const missing = await request(t.server).get('/api/posts/40').expect(404);
      expect(missing.body.message).toBe('post 40 not found');
      await request(t.server).get('/api/posts/4.0').expect(400);
    });
  });

  describe('POST /api/posts', () => {
    it('creates a post that then shows up in its thread and for its user', async () => {
      const res = await request(t.server).post('/api/posts').send({ thread: 3, user: 2, text: 'Try the guitar shop' }).expect(201);
      expect(res.body).toEqual({ id: 7, thread: 3, user: 2, text: 'Try the guitar shop' });
      expect(ids((await request(t.server).get('/api/posts/in-thread/3')).body)).toEqual([6, 7]);
      expect(ids((await request(t.server).get('/api/posts/by-user/2')).body)).toEqual([2, 4, 7]);
    });

    it('names missing fields, wrong types and bad lengths', async () => {
      expect((await request(t.server).post('/api/posts').send({}).expect(400)).body.fields).toEqual([
        { field: 'thread', messages: ['thread is required'] },
        { field: 'user', messages: ['user is required'] },
        { field: 'text', messages: ['text is required'] },
      ]);
      const wrong = await request(t.server).post('/api/posts').send({ thread: '1', user: 1.5, text: '' }).expect(400);
      expect(fields(wrong.body)).toEqual(['text', 'thread', 'user']);
    });

    it('answers malformed JSON with 400 and an oversize body with 413', async () => {
      await request(t.server).post('/api/posts').set('Content-Type', 'application/json').send('not json').expect(400);
      await request(t.server).post('/api/posts').send({ thread: 1, user: 1, text: 'x'.repeat(9000) }).expect(413);
    });
  });

  describe('PATCH and DELETE /api/posts/:id', () => {
    it('edits the text only', async () => {
      await request(t.server).patch('/api/posts/4').send({ text: 'Algebraic!' }).expect(200, { id: 4, thread: 2, user: 2, text: 'Algebraic!' });
      const moved = await request(t.server).patch('/api/posts/4').send({ thread: 1 }).expect(400);
      expect(fields(moved.body)).toEqual(['thread']);
      await request(t.server).patch('/api/posts/44').send({ text: 'x' }).expect(404);
    });

    it('rejects text: null with 400 naming the field and keeps the text', async () => {
      const res = await request(t.server).patch('/api/posts/4').send({ text: null }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'invalid input: text' });
      expect(res.body.fields).toEqual([{ field: 'text', messages: ['text must not be null'] }]);
      await request(t.server).get('/api/posts/4').expect(200, { id: 4, thread: 2, user: 2, text: 'Mathematical!' });
    });

    it('deletes with 204, then 404', async () => {
      await request(t.server).delete('/api/posts/1').expect(204);
      await request(t.server).get('/api/posts/1').expect(404);
      expect(ids((await request(t.server).get('/api/posts/in-thread/1')).body)).toEqual([2]);
      await request(t.server).delete('/api/posts/1').expect(404);
    });
  });

  it('reads a bare in-thread segment as a (bad) post id and an unknown route as 404', async () => {
    const res = await request(t.server).get('/api/posts/in-thread').expect(400);
    expect(fields(res.body)).toEqual(['id']);
    await request(t.server).get('/api/postings').expect(404);
  });
});
