import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { getRequestId, getTraceHeaders, readRequestContext, requestContextStorage } from './request-context';
import { HTTP_PLATFORMS } from '../bootstrap/http-platform';

@Controller('probe')
class ProbeController {
  @Get()
  read(): { requestId: string | undefined } {
    return { requestId: getRequestId() };
  }

  // The body is parsed from stream events; the id must survive that hop for outgoing calls to forward it.
  @Post()
  async readAfterBody(@Body() _body: object): Promise<{ requestId: string | undefined }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { requestId: getRequestId() };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe.each(HTTP_PLATFORMS)('request id on %s', (http) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp({ module: ProbeModule , http })));
  afterEach(() => t.close());

  it('keeps the caller\'s X-Request-Id, returns it and exposes it to the handler', async () => {
    const res = await request(t.server).get('/probe').set('X-Request-Id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body).toEqual({ requestId: 'abc-123' });
  });

  it('keeps the id through JSON body parsing and awaits', async () => {
    const res = await request(t.server).post('/probe').set('X-Request-Id', 'post-1').send({ a: 1 }).expect(201);
    expect(res.body).toEqual({ requestId: 'post-1' });
  });

  it('generates an id when none is sent', async () => {
    const res = await request(t.server).get('/probe').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('replaces an id that is unsafe to log or echo', async () => {
    const res = await request(t.server).get('/probe').set('X-Request-Id', 'a b"c').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is undefined outside a request', () => {
    expect(getRequestId()).toBeUndefined();
  });
});

describe('getTraceHeaders', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('continues the served request\'s trace, and is undefined outside a request', () => {
    const headers = requestContextStorage.run(readRequestContext('r', { traceparent }), getTraceHeaders);
    expect(headers?.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(getTraceHeaders()).toBeUndefined();
  });

  it('leaves the headers to OpenTelemetry\'s propagator when it writes them', () => {
    const context = { ...readRequestContext('r', { traceparent }), sendTraceHeaders: false };
    expect(requestContextStorage.run(context, getTraceHeaders)).toBeUndefined();
  });
});
