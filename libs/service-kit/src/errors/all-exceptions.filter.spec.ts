import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/create-test-app';

class ServiceNotFoundError extends Error {}

@Controller('boom')
class BoomController {
  @Get()
  boom(): never {
    throw new ServiceNotFoundError('secret detail of /internal/path');
  }
}

@Module({ controllers: [BoomController] })
class BoomModule {}

describe('AllExceptionsFilter', () => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp({ module: BoomModule })));
  afterEach(() => t.close());

  it('turns an unexpected error into a 500 without stack or detail, and logs the stack', async () => {
    const res = await request(t.server).get('/boom').set('X-Request-Id', 'r-500').expect(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error', requestId: 'r-500' });
    expect(res.text).not.toContain('secret');
    const logged = t.logs.withMessage('unhandled error')[0];
    expect(logged).toMatchObject({ level: 'error', requestId: 'r-500' });
    expect(JSON.stringify(logged['err'])).toContain('ServiceNotFoundError');
  });

  it('shapes Nest 404s for unknown routes', async () => {
    const res = await request(t.server).delete('/nowhere').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot DELETE /nowhere', requestId: expect.any(String) });
    expect(t.logs.withMessage('request completed')[0]).toMatchObject({ route: '(unmatched)', statusCode: 404 });
  });
});
