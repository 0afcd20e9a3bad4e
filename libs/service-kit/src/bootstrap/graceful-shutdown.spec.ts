import { Controller, Get, Module } from '@nestjs/common';
import pino from 'pino';
import { ReadinessState } from '../health/readiness-state';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { startPartialRequest } from '../testing/partial-request';
import { drainAndClose } from './graceful-shutdown';

@Controller('slow')
class SlowController {
  @Get()
  async slow(): Promise<{ done: true }> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('drainAndClose', () => {
  let t: TestApp;
  let port: number;
  const host = '127.0.0.31';

  beforeEach(async () => {
    t = await createTestApp({ module: SlowModule });
    await new Promise<void>((resolve) => t.server.listen(0, host, resolve));
    port = (t.server.address() as { port: number }).port;
  });

  it('finishes an in-flight keep-alive request, closes its socket and reports drained', async () => {
    const inFlight = await startPartialRequest({ host, port, method: 'GET', path: '/slow' });
    const response = inFlight.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = drainAndClose({
      app: t.app,
      server: t.server,
      readiness: t.app.get(ReadinessState),
      logger: silentLogger(),
      timeoutMs: 5_000,
    });
    expect((await response).statusCode).toBe(200);
    await expect(outcome).resolves.toBe('drained');
  });

  it('cuts connections still busy at the timeout and reports timed-out', async () => {
    // Headers never complete, so this connection stays busy until the drain gives up on it.
    await startPartialRequest({ host, port, method: 'GET', path: '/slow' });
    const started = Date.now();
    const outcome = await drainAndClose({
      app: t.app,
      server: t.server,
      readiness: t.app.get(ReadinessState),
      logger: silentLogger(),
      timeoutMs: 200,
    });
    expect(outcome).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

function silentLogger() {
  return pino({ level: 'silent' });
}
