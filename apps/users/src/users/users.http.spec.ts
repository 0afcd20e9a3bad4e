import { useTestStorages } from '@forum/database/testing';
import { createTestApp, type TestApp } from '@forum/service-kit/testing';
import request from 'supertest';
import { loadConfig } from '../config';
import { manifest } from '../manifest';
import { UsersModule } from './users.module';

describe.each(useTestStorages('users'))('users HTTP API on $name storage', (storage) => {
  let t: TestApp;

  beforeEach(async () => {
    const config = loadConfig({ BODY_LIMIT: '1kb', SEED_DATA: 'true', ...storage.env() });
    // The platform main.ts runs users on.
    t = await createTestApp({ module: UsersModule, config, http: manifest.http });
  });

  afterEach(() => t.close());

  describe('GET /api/users', () => {
    it('lists the four seed users as a bare array with the total in X-Total-Count', async () => {
      const res = await request(t.server).get('/api/users').expect(200);
      expect(res.body.map((u: { id: number }) => u.id)).toEqual([1, 2, 3, 4]);
      expect(res.body[0]).toEqual({ id: 1, username: 'marceline', name: 'Marceline Abadeer', bio: expect.any(String) });
      expect(res.headers['x-total-count']).toBe('4');
    });

    it('pages with limit and offset, keeping the full total', async () => {
      const res = await request(t.server).get('/api/users?limit=2&offset=1').expect(200);
      expect(res.body.map((u: { id: number }) => u.id)).toEqual([2, 3]);
      expect(res.headers['x-total-count']).toBe('4');
    });

    it('answers an offset past the end with an empty page', async () => {
      const res = await request(t.server).get('/api/users?offset=10').expect(200);
      expect(res.body).toEqual([]);
      expect(res.headers['x-total-count']).toBe('4');
    });

    it('ignores unknown query parameters such as cache busters', async () => {
      const res = await request(t.server).get('/api/users?_=1712345678&limit=2').expect(200);
      expect(res.body.map((u: { id: number }) => u.id)).toEqual([1, 2]);
    });

    it('answers limit=abc with one clear message', async () => {
      const res = await request(t.server).get('/api/users?limit=abc').expect(400);
      expect(res.body.fields).toEqual([{ field: 'limit', messages: ['limit must be a whole number from 1 to 100'] }]);
    });

    it('accepts the largest limit', async () => {
      await request(t.server).get('/api/users?limit=100').expect(200);
    });

    it.each(['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'limit=-1', 'offset=-1', 'offset=x', 'limit='])(
      'rejects %s with 400 naming the parameter',
      async (query) => {
        const res = await request(t.server).get(`/api/users?${query}`).expect(400);
        expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([query.split('=')[0]]);
      },
    );
  });

  describe('GET /api/users/:id', () => {
    it('returns one user', async () => {
      const res = await request(t.server).get('/api/users/4').expect(200);
      expect(res.body).toMatchObject({ id: 4, username: 'jake' });
    });

    it('answers a missing id with 404 JSON, not the sample\'s 204', async () => {
      const res = await request(t.server).get('/api/users/99').set('X-Request-Id', 'req-404').expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'user 99 not found', requestId: 'req-404' });
    });

    it.each(['abc', '1.5', '-1', '0', '01', '99999999999'])('answers the non-id %s with 400', async (id) => {
      const res = await request(t.server).get(`/api/users/${id}`).expect(400);
      expect(res.body.fields).toEqual([{ field: 'id', messages: [expect.stringContaining('positive integer')] }]);
    });
  });

  describe('POST /api/users', () => {
    it('creates a user with the next id and an empty bio by default', async () => {
      const res = await request(t.server).post('/api/users').send({ username: 'bmo', name: 'BMO' }).expect(201);
      expect(res.body).toEqual({ id: 5, username: 'bmo', name: 'BMO', bio: '' });
      await request(t.server).get('/api/users/5').expect(200);
      const list = await request(t.server).get('/api/users');
      expect(list.headers['x-total-count']).toBe('5');
    });

    it('rejects a taken username, ignoring case, with 409', async () => {
      const res = await request(t.server).post('/api/users').send({ username: 'Finn', name: 'Another Finn' }).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: 'username "Finn" is already taken' });
    });

    it('says each missing field is required, once', async () => {
      const res = await request(t.server).post('/api/users').set('X-Request-Id', 'req-required').send({}).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid input: username, name',
        requestId: 'req-required',
        fields: [
          { field: 'username', messages: ['username is required'] },
          { field: 'name', messages: ['name is required'] },
        ],
      });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded'])('answers a %s body with 415, not field errors', async (type) => {
      const res = await request(t.server).post('/api/users').set('Content-Type', type).send('username=bmo&name=BMO').expect(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `request body must be JSON (Content-Type: application/json), got ${type}`,
        requestId: expect.any(String),
      });
      await request(t.server).patch('/api/users/2').set('Content-Type', type).send('bio=x').expect(415);
      expect((await request(t.server).get('/api/users')).headers['x-total-count']).toBe('4');
    });

    it('names fields of the wrong type instead of coercing them', async () => {
      const res = await request(t.server).post('/api/users').send({ username: 42, name: ['x'], bio: true }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['bio', 'name', 'username']);
    });

    it('rejects unknown fields and names them', async () => {
      const res = await request(t.server).post('/api/users').send({ username: 'bmo', name: 'BMO', id: 9 }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'id', messages: [expect.stringContaining('should not exist')] }]);
    });

    it('enforces lengths', async () => {
      const res = await request(t.server)
        .post('/api/users')
        .send({ username: 'ab', name: '', bio: 'x'.repeat(501) })
        .expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['bio', 'name', 'username']);
    });

    it('answers malformed JSON with 400', async () => {
      const res = await request(t.server)
        .post('/api/users')
        .set('Content-Type', 'application/json')
        .send('{"username": "bmo",')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^malformed JSON body/) });
    });

    it('answers a body over BODY_LIMIT with 413', async () => {
      const res = await request(t.server)
        .post('/api/users')
        .send({ username: 'bmo', name: 'BMO', bio: 'x'.repeat(2000) })
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', requestId: expect.any(String) });
    });

    it('rejects a JSON array body', async () => {
      await request(t.server).post('/api/users').send([{ username: 'bmo', name: 'BMO' }]).expect(400);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('changes only the given fields', async () => {
      const res = await request(t.server).patch('/api/users/2').send({ bio: 'Hero of Ooo' }).expect(200);
      expect(res.body).toEqual({ id: 2, username: 'finn', name: "Finn 'the Human' Mertens", bio: 'Hero of Ooo' });
      expect((await request(t.server).get('/api/users/2')).body.bio).toBe('Hero of Ooo');
    });

    it('lets a user keep their own username', async () => {
      await request(t.server).patch('/api/users/2').send({ username: 'FINN' }).expect(200);
    });

    it("rejects another user's username with 409", async () => {
      await request(t.server).patch('/api/users/2').send({ username: 'jake' }).expect(409);
    });

    it.each(['username', 'name', 'bio'])('rejects %s: null with 400 naming the field and keeps the stored value', async (field) => {
      const before = (await request(t.server).get('/api/users/2').expect(200)).body;
      const res = await request(t.server).patch('/api/users/2').send({ [field]: null }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: `invalid input: ${field}` });
      expect(res.body.fields).toEqual([{ field, messages: [`${field} must not be null`] }]);
      await request(t.server).get('/api/users/2').expect(200, before);
    });

    it('rejects bio: null on create too', async () => {
      const res = await request(t.server).post('/api/users').send({ username: 'bmo', name: 'BMO', bio: null }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'bio', messages: ['bio must not be null'] }]);
    });

    it('answers a missing user with 404 and bad input with 400', async () => {
      await request(t.server).patch('/api/users/99').send({ bio: 'x' }).expect(404);
      await request(t.server).patch('/api/users/2').send({ name: 7 }).expect(400);
      await request(t.server).patch('/api/users/x').send({ bio: 'x' }).expect(400);
    });
  });

  describe('DELETE /api/users/:id', () => {
    it('deletes with 204, then the user is gone', async () => {
      const res = await request(t.server).delete('/api/users/3').expect(204);
      expect(res.text).toBe('');
      await request(t.server).get('/api/users/3').expect(404);
      await request(t.server).delete('/api/users/3').expect(404);
    });

    it('answers a non-numeric id with 400', async () => {
      await request(t.server).delete('/api/users/abc').expect(400);
    });
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await request(t.server).get('/api/nope').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
  });

  it('serves /health and /ready', async () => {
    await request(t.server).get('/health').expect(200, { status: 'ok' });
    await request(t.server).get('/ready').expect(200, { status: 'ready' });
  });

  it('logs one lean line per request with the route pattern', async () => {
    await request(t.server).get('/api/users/2').set('X-Request-Id', 'trace-1').expect(200);
    const lines = t.logs.withMessage('request completed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: 'trace-1', method: 'GET', route: '/api/users/:id', statusCode: 200 });
    expect(typeof lines[0]['durationMs']).toBe('number');
    expect(Object.keys(lines[0]).sort()).toEqual(
      ['durationMs', 'level', 'method', 'msg', 'requestId', 'route', 'service', 'statusCode', 'time', 'traceId'].sort(),
    );
  });
});
