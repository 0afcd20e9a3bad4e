import { useTestStorages } from '@forum/database/testing';
import { createTestApp, startResourceStandIn, type ResourceStandIn, type TestApp } from '@forum/service-kit/testing';
import request from 'supertest';
import { loadConfig } from '../config';
import { ThreadsModule } from './threads.module';
import { routePrefixOf } from '@forum/service-catalog/manifest';

const ids = (body: { id: number }[]) => body.map((t) => t.id);
const fields = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field).sort();

describe.each(useTestStorages('threads'))('threads HTTP API on $name storage', (storage) => {
  let t: TestApp;
  let users: ResourceStandIn;

  // The seed users, found through the static backend as a simple local run would.
  beforeAll(async () => (users = await startResourceStandIn(routePrefixOf('users'), [1, 2, 3, 4])));
  afterAll(() => users.close());

  beforeEach(async () => {
    const config = loadConfig({ SEED_DATA: 'true', ...storage.env(), BODY_LIMIT: '1kb', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${users.origin}` });
    t = await createTestApp({ module: ThreadsModule, config });
  });

  afterEach(() => t.close());

  describe('GET /api/threads', () => {
    it('lists the three seed threads as a bare array with X-Total-Count', async () => {
      const res = await request(t.server).get('/api/threads').expect(200);
      expect(ids(res.body)).toEqual([1, 2, 3]);
      expect(res.body[0]).toEqual({ id: 1, title: "What's up with the Lich?", createdBy: 4 });
      expect(res.headers['x-total-count']).toBe('3');
    });

    it('pages with limit and offset', async () => {
      const res = await request(t.server).get('/api/threads?limit=1&offset=2').expect(200);
      expect(ids(res.body)).toEqual([3]);
      expect(res.headers['x-total-count']).toBe('3');
    });

    it('ignores unknown query parameters such as cache busters', async () => {
      expect(ids((await request(t.server).get('/api/threads?_=1712345678&offset=1').expect(200)).body)).toEqual([2, 3]);
    });

    it.each(['limit=0', 'limit=101', 'offset=-1', 'limit=ten'])('rejects %s with 400', async (query) => {
      const res = await request(t.server).get(`/api/threads?${query}`).expect(400);
      expect(fields(res.body)).toEqual([query.split('=')[0]]);
    });
  });

  describe('GET /api/threads/:id', () => {
    it('returns one thread', async () => {
      await request(t.server).get('/api/threads/2').expect(200, { id: 2, title: 'Party at the candy kingdom tomorrow', createdBy: 3 });
    });

    it('answers a missing id with 404 JSON and a non-numeric one with 400', async () => {
      const missing = await request(t.server).get('/api/threads/42').expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'thread 42 not found' });
      await request(t.server).get('/api/threads/two').expect(400);
    });
  });

  describe('POST /api/threads', () => {
    it('creates a thread with the next id', async () => {
      const res = await request(t.server).post('/api/threads').send({ title: 'Lost sword', createdBy: 2 }).expect(201);
      expect(res.body).toEqual({ id: 4, title: 'Lost sword', createdBy: 2 });
      await request(t.server).get('/api/threads/4').expect(200);
    });

    it('names missing fields and wrong types', async () => {
      expect((await request(t.server).post('/api/threads').send({}).expect(400)).body.fields).toEqual([
        { field: 'title', messages: ['title is required'] },
        { field: 'createdBy', messages: ['createdBy is required'] },
      ]);
      const wrong = await request(t.server).post('/api/threads').send({ title: 5, createdBy: '2' }).expect(400);
      expect(wrong.body.fields).toEqual([
        { field: 'title', messages: ['title must be a string'] },
        { field: 'createdBy', messages: ['createdBy must be an integer number'] },
      ]);
    });

    it('enforces the title length and a positive author id', async () => {
      const res = await request(t.server).post('/api/threads').send({ title: 'x'.repeat(201), createdBy: 0 }).expect(400);
      expect(fields(res.body)).toEqual(['createdBy', 'title']);
    });

    it('answers malformed JSON with 400 and an oversize body with 413', async () => {
      await request(t.server).post('/api/threads').set('Content-Type', 'application/json').send('{"title":').expect(400);
      await request(t.server).post('/api/threads').send({ title: 'x'.repeat(2000), createdBy: 1 }).expect(413);
    });
  });

  describe('PATCH /api/threads/:id', () => {
    it('renames a thread', async () => {
      await request(t.server).patch('/api/threads/1').send({ title: 'The Lich is back' }).expect(200, { id: 1, title: 'The Lich is back', createdBy: 4 });
    });

    it('refuses to change the author', async () => {
      const res = await request(t.server).patch('/api/threads/1').send({ createdBy: 2 }).expect(400);
      expect(fields(res.body)).toEqual(['createdBy']);
    });

    it('rejects title: null with 400 naming the field and keeps the title', async () => {
      const res = await request(t.server).patch('/api/threads/1').send({ title: null }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'invalid input: title' });
      expect(res.body.fields).toEqual([{ field: 'title', messages: ['title must not be null'] }]);
      await request(t.server).get('/api/threads/1').expect(200, { id: 1, title: "What's up with the Lich?", createdBy: 4 });
    });

    it('answers 404 for a missing thread and 400 for a bad title', async () => {
      await request(t.server).patch('/api/threads/9').send({ title: 'x' }).expect(404);
      await request(t.server).patch('/api/threads/1').send({ title: '' }).expect(400);
    });
  });

  describe('DELETE /api/threads/:id', () => {
    it('deletes with 204, then 404', async () => {
      await request(t.server).delete('/api/threads/2').expect(204);
      await request(t.server).get('/api/threads/2').expect(404);
      await request(t.server).delete('/api/threads/2').expect(404);
      await request(t.server).delete('/api/threads/2x').expect(400);
    });
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await request(t.server).post('/api/threads/1/replies').send({}).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('starts empty when SEED_DATA=false', async () => {
    await storage.reset();
    const empty = await createTestApp({ module: ThreadsModule, config: loadConfig({ ...storage.env(), SEED_DATA: 'false', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${users.origin}` }) });
    const res = await request(empty.server).get('/api/threads').expect(200, []);
    expect(res.headers['x-total-count']).toBe('0');
    await empty.close();
  });
});
