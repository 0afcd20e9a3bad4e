import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { IsString } from 'class-validator';
import request from 'supertest';
import { baseConfigSchema } from '../config/base-config.schema';
import { parseConfig } from '../config/parse-config';
import { ReadinessState } from '../health/readiness-state';
import { Page } from '../http/page';
import { Paginated } from '../http/paginated.decorator';
import type { PageRequest } from '../http/page';
import { ParsePagePipe } from '../http/parse-page.pipe';
import { ParseIdPipe } from '../http/parse-id.pipe';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { HTTP_PLATFORMS } from './http-platform';

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('notes')
class NotesController {
  @Get()
  @Paginated()
  list(@Query(ParsePagePipe) page: PageRequest): Page<{ id: number }> {
    return Page.slice([1, 2, 3, 4, 5].map((id) => ({ id })), page);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): { id: number } {
    return { id };
  }

  @Post()
  create(@Body() body: NoteDto): NoteDto {
    return body;
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

/** What a client sees must not tell the platforms apart: every case here runs on both. */
describe.each(HTTP_PLATFORMS)('the kit on %s', (http) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ module: NotesModule, http, config: parseConfig(baseConfigSchema, { BODY_LIMIT: '1kb' }) });
  });
  afterEach(() => t.close());

  it('logs one line per request with the ids, route pattern, status and duration, and nothing else', async () => {
    await request(t.server).get('/notes/7').set('X-Request-Id', 'line-1').expect(200, { id: 7 });
    const line = t.logs.lines.find((l) => l['requestId'] === 'line-1');
    expect(line).toEqual({
      level: 'info',
      time: expect.any(Number),
      service: 'test',
      requestId: 'line-1',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      method: 'GET',
      route: '/notes/:id',
      statusCode: 200,
      durationMs: expect.any(Number),
      msg: 'request completed',
    });
  });

  it('pages a list with X-Total-Count and routes a trailing slash like the bare path', async () => {
    const res = await request(t.server).get('/notes/?limit=2&offset=1').expect(200);
    expect(res.body).toEqual([{ id: 2 }, { id: 3 }]);
    expect(res.headers['x-total-count']).toBe('5');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers malformed JSON, and JSON that is not an object or array, with 400 in the error shape', async () => {
    for (const body of ['{"text": "a",', '"just a string"']) {
      const res = await request(t.server).post('/notes').set('Content-Type', 'application/json').set('X-Request-Id', 'bad-json').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^malformed JSON body: /), requestId: 'bad-json' });
    }
  });

  it('answers a body over BODY_LIMIT with 413 naming the limit in bytes', async () => {
    const res = await request(t.server).post('/notes').send({ text: 'x'.repeat(2000) }).expect(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body exceeds the limit of 1024 bytes',
      requestId: expect.any(String),
    });
  });

  it('answers JSON in a charset other than UTF-8 with 415', async () => {
    const res = await request(t.server).post('/notes').set('Content-Type', 'application/json; charset=latin1').send('{"text":"a"}').expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, message: 'unsupported charset "LATIN1"' });
  });

  it('answers a write without a Content-Type with 415 naming its absence', async () => {
    const res = await request(t.server).post('/notes').set('Content-Length', '12').send(Buffer.from('{"text":"a"}')).expect(415);
    expect(res.body.message).toBe('request body must be JSON (Content-Type: application/json), got no Content-Type');
  });

  it('treats an empty JSON body as an empty object, left to validation', async () => {
    const res = await request(t.server).post('/notes').set('Content-Type', 'application/json').send('').expect(400);
    expect(res.body.fields).toEqual([{ field: 'text', messages: ['text must be a string'] }]);
  });

  it('holds /ready at 503 naming what it waits for, then answers 200; /health stays 200', async () => {
    const readiness = t.app.get(ReadinessState);
    readiness.waitFor('database', 'migrating');
    const waiting = await request(t.server).get('/ready').expect(503);
    expect(waiting.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: 'database: migrating' });
    await request(t.server).get('/health').expect(200, { status: 'ok' });
    readiness.ready('database');
    await request(t.server).get('/ready').expect(200, { status: 'ready' });
  });

  it('closes each connection once draining begins', async () => {
    t.app.get(ReadinessState).startDraining();
    const res = await request(t.server).get('/health').expect(200);
    expect(res.headers['connection']).toBe('close');
    await request(t.server).get('/ready').expect(503);
  });
});
