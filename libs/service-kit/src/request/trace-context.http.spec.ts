import { Body, Controller, Get, Inject, Module, Post } from '@nestjs/common';
import type { Logger } from 'pino';
import request from 'supertest';
import { HTTP_PLATFORMS } from '../bootstrap/http-platform';
import { ROOT_LOGGER } from '../logging/root-logger.token';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { getTraceHeaders, getTraceId } from './request-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

@Controller('traced')
class TracedController {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  @Get()
  read(): { traceId: string | undefined; outgoing: ReturnType<typeof getTraceHeaders> } {
    this.logger.info({ step: 'read' }, 'handler line');
    return { traceId: getTraceId(), outgoing: getTraceHeaders() };
  }

  // The trace must survive body parsing and awaits, like the request id.
  @Post()
  async readAfterBody(@Body() _body: object): Promise<{ traceId: string | undefined }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.child({ module: 'probe' }).warn('after await');
    return { traceId: getTraceId() };
  }
}

@Module({ controllers: [TracedController] })
class TracedModule {}

describe.each(HTTP_PLATFORMS)('W3C trace context on %s', (http) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp({ module: TracedModule, http })));
  afterEach(() => t.close());

  const requestLine = (requestId: string) => t.logs.withMessage('request completed').find((l) => l['requestId'] === requestId);

  it('continues the caller\'s trace: handler, its log line and the request line carry the trace id', async () => {
    const res = await request(t.server).get('/traced').set('X-Request-Id', 'tp-1').set('traceparent', TRACEPARENT).set('tracestate', 'a=1').expect(200);
    expect(res.body.traceId).toBe(TRACE_ID);
    expect(t.logs.withMessage('handler line')).toEqual([expect.objectContaining({ requestId: 'tp-1', traceId: TRACE_ID, step: 'read' })]);
    expect(requestLine('tp-1')).toMatchObject({ traceId: TRACE_ID, route: '/traced', statusCode: 200 });
  });

  it('gives outgoing calls the same trace id, a new span id and the tracestate', async () => {
    const res = await request(t.server).get('/traced').set('traceparent', TRACEPARENT).set('tracestate', 'a=1').expect(200);
    expect(res.body.outgoing).toEqual({ traceparent: expect.stringMatching(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`)), tracestate: 'a=1' });
    expect(res.body.outgoing.traceparent).not.toBe(TRACEPARENT);
  });

  it('keeps the trace through JSON body parsing and awaits, in lines of child loggers too', async () => {
    const res = await request(t.server).post('/traced').set('X-Request-Id', 'tp-2').set('traceparent', TRACEPARENT).send({ a: 1 }).expect(201);
    expect(res.body.traceId).toBe(TRACE_ID);
    expect(t.logs.withMessage('after await')).toEqual([expect.objectContaining({ requestId: 'tp-2', traceId: TRACE_ID, module: 'probe' })]);
  });

  it('starts a new trace when no traceparent is sent, and logs it', async () => {
    const res = await request(t.server).get('/traced').set('X-Request-Id', 'tp-3').expect(200);
    expect(res.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(requestLine('tp-3')?.['traceId']).toBe(res.body.traceId);
    expect(res.body.outgoing).toEqual({ traceparent: expect.stringMatching(new RegExp(`^00-${res.body.traceId}-[0-9a-f]{16}-01$`)) });
  });

  it('uses the id it makes for a request with neither header as the new trace id, as the gateway does', async () => {
    const res = await request(t.server).get('/traced').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.traceId).toBe(res.headers['x-request-id']);
    expect(requestLine(res.headers['x-request-id'])?.['traceId']).toBe(res.body.traceId);
  });

  it('starts a new trace when the traceparent is malformed', async () => {
    const res = await request(t.server).get('/traced').set('X-Request-Id', 'tp-4').set('traceparent', `00-${TRACE_ID}-0000000000000000-01`).set('tracestate', 'a=1').expect(200);
    expect(res.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.traceId).not.toBe(TRACE_ID);
    expect(res.body.outgoing.tracestate).toBeUndefined();
    expect(requestLine('tp-4')?.['traceId']).toBe(res.body.traceId);
  });

  it('writes each field once, and no request fields on lines outside a request', async () => {
    await request(t.server).get('/traced').set('X-Request-Id', 'tp-5').set('traceparent', TRACEPARENT).expect(200);
    for (const raw of t.logs.raw.filter((l) => l.includes('"tp-5"'))) expect(raw.match(/"traceId"/g)).toHaveLength(1);
    const startup = t.logs.lines.filter((l) => l['msg'] !== 'request completed' && l['requestId'] === undefined);
    expect(startup.length).toBeGreaterThan(0);
    for (const line of startup) expect(line['traceId']).toBeUndefined();
  });
});
