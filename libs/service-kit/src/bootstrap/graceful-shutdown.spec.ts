import { once } from 'node:events';
import { connect } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import pino from 'pino';
import { ReadinessState } from '../health/readiness-state';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { startPartialRequest } from '../testing/partial-request';
import { drainAndClose } from './graceful-shutdown';
import { HTTP_PLATFORMS } from './http-platform';

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

describe.each(HTTP_PLATFORMS)('drainAndClose on %s', (http) => {
  let t: TestApp;
  let port: number;
  const host = '127.0.0.31';

  beforeEach(async () => {
    t = await createTestApp({ module: SlowModule , http });
    await new Promise<void>((resolve) => t.server.listen(0, host, resolve));
    port = (t.server.address() as { port: number }).port;
  });

  const drain = (timeoutMs: number) =>
    drainAndClose({ app: t.app, server: t.server, readiness: t.app.get(ReadinessState), logger: silentLogger(), timeoutMs });

  it('finishes an in-flight keep-alive request, closes its socket and reports drained', async () => {
    const inFlight = await startPartialRequest({ host, port, method: 'GET', path: '/slow' });
    const response = inFlight.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = drain(5_000);
    expect((await response).statusCode).toBe(200);
    await expect(outcome).resolves.toBe('drained');
  });

  it('serves a request whose bytes were on the wire but not yet read when the drain began', async () => {
    // A keep-alive connection between requests counts as idle until Node reads the next request's first bytes.
    // Start the drain in the same tick as those bytes are written: closing idle connections at once would reset
    // this one (ECONNRESET), though its request was already sent; the drain must give the bytes time to arrive.
    const request = await startPartialRequest({ host, port, method: 'GET', path: '/slow', reuseKeepAlive: true });
    const outcome = drain(5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await request.finish();
    expect(response.statusCode).toBe(200);
    expect(response.headers['connection']).toBe('close');
    await expect(outcome).resolves.toBe('drained');
  });

  it('closes idle keep-alive connections after a short grace and reports drained', async () => {
    const idle = await startPartialRequest({ host, port, method: 'GET', path: '/health' });
    await idle.finish();
    const keptAlive = await startKeepAliveConnection(host, port);
    const started = Date.now();
    const outcome = await drain(5_000);
    expect(outcome).toBe('drained');
    expect(Date.now() - started).toBeLessThan(2_000);
    await keptAlive.closed;
  });

  it('cuts connections still busy at the timeout and reports timed-out', async () => {
    // Headers never complete, so this connection stays busy until the drain gives up on it.
    await startPartialRequest({ host, port, method: 'GET', path: '/slow' });
    const started = Date.now();
    const outcome = await drain(200);
    expect(outcome).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

function silentLogger() {
  return pino({ level: 'silent' });
}

/** A connection that completed one request and now sits idle in keep-alive; `closed` settles when the server ends it. */
async function startKeepAliveConnection(host: string, port: number): Promise<{ closed: Promise<void> }> {
  const socket = connect(port, host);
  await once(socket, 'connect');
  socket.write(`GET /health HTTP/1.1\r\nhost: ${host}\r\n\r\n`);
  await once(socket, 'data');
  socket.resume();
  return { closed: once(socket, 'close').then(() => undefined) };
}
