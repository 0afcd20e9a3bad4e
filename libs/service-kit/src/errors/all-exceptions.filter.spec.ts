import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { DependencyUnavailableError } from './dependency-unavailable.error';
import { HTTP_PLATFORMS } from '../bootstrap/http-platform';

class ServiceNotFoundError extends Error {}

/** Shaped like `@forum/discovery`'s AllInstancesFailedError, which the kit recognises without importing it. */
class AllInstancesFailedError extends Error {
  readonly code = 'ALL_INSTANCES_FAILED';
  readonly service = 'users';
  readonly backend = 'static';
}

@Controller('boom')
class BoomController {
  @Get()
  boom(): never {
    throw new ServiceNotFoundError('secret detail of /internal/path');
  }

  @Get('database')
  database(): never {
    const cause = new Error('connect ECONNREFUSED 10.0.9.9:5432');
    throw new DependencyUnavailableError('database "users"', 'connection refused', { cause });
  }

  @Get('upstream')
  upstream(): never {
    throw new AllInstancesFailedError('no instance answered: http://10.0.1.7:3000 refused (service "users", backend static)');
  }
}

@Module({ controllers: [BoomController] })
class BoomModule {}

describe.each(HTTP_PLATFORMS)('AllExceptionsFilter on %s', (http) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp({ module: BoomModule , http })));
  afterEach(() => t.close());

  it('turns an unexpected error into a 500 without stack or detail, and logs the stack', async () => {
    const res = await request(t.server).get('/boom').set('X-Request-Id', 'r-500').expect(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error', requestId: 'r-500' });
    expect(res.text).not.toContain('secret');
    const logged = t.logs.withMessage('unhandled error')[0];
    expect(logged).toMatchObject({ level: 'error', requestId: 'r-500' });
    expect(JSON.stringify(logged['err'])).toContain('ServiceNotFoundError');
  });

  it('answers a discovery failure with 503 naming the service, logging the instances only', async () => {
    const res = await request(t.server).get('/boom/upstream').set('X-Request-Id', 'r-503').expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'users service unavailable: no instance answered',
      requestId: 'r-503',
      upstreams: ['users'],
    });
    expect(res.text).not.toContain('10.0.1.7');
    const logged = t.logs.withMessage('upstream failed')[0];
    expect(logged).toMatchObject({ level: 'warn', requestId: 'r-503', upstreams: ['users'] });
    expect(JSON.stringify(logged['err'])).toContain('10.0.1.7');
  });

  it('answers an unavailable database with 503 naming it, without a log line per request', async () => {
    const res = await request(t.server).get('/boom/database').set('X-Request-Id', 'r-db').expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'database "users" unavailable: connection refused',
      requestId: 'r-db',
    });
    expect(res.text).not.toContain('10.0.9.9');
    expect(t.logs.lines.filter((l) => ['warn', 'error', 'fatal'].includes(String(l['level'])))).toEqual([]);
  });

  it('shapes Nest 404s for unknown routes', async () => {
    const res = await request(t.server).delete('/nowhere').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot DELETE /nowhere', requestId: expect.any(String) });
    expect(t.logs.withMessage('request completed')[0]).toMatchObject({ route: '(unmatched)', statusCode: 404 });
  });
});
