import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { loopbackBlock, startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { until } from './support/until';

describe('gateway routing through real nginx', () => {
  const ip = loopbackBlock();
  let gateway: GatewayHarness;
  let users: FakeUpstream;
  let posts: FakeUpstream;

  beforeAll(async () => {
    users = await startFakeUpstream(ip(1), 0);
    posts = await startFakeUpstream(ip(2), users.port);
    gateway = await startGateway({ servicePort: users.port });
    await gateway.register('users', 'users-1', users.address, users.port);
    await gateway.register('posts', 'posts-1', posts.address, posts.port);
  });
  afterAll(async () => {
    await gateway?.stop();
    await users?.close();
    await posts?.close();
  });

  it('passes the URI through unchanged to the service that owns the prefix', async () => {
    const res = await fetch(`${gateway.url}/api/users/7/threads?limit=2&q=a%20b`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ servedBy: users.address, url: '/api/users/7/threads?limit=2&q=a%20b', method: 'GET' });
    expect(((await (await fetch(`${gateway.url}/api/posts`)).json()) as { servedBy: string }).servedBy).toBe(posts.address);
  });

  it('keeps a client X-Request-Id, passes it up, returns it once and logs it as JSON', async () => {
    const res = await fetch(`${gateway.url}/api/users`, { headers: { 'x-request-id': 'client-id-42' } });
    expect(res.headers.get('x-request-id')).toBe('client-id-42');
    expect(users.seen.at(-1)?.headers['x-request-id']).toBe('client-id-42');
    // nginx writes the access line after the response, so wait for it rather than for a guessed time.
    const line = await until(async () => (await gateway.accessLog()).find((l) => l['requestId'] === 'client-id-42'), 'the access log line');
    expect(line).toMatchObject({ status: 200, service: 'users', upstreamAddr: `${users.address}:${users.port}`, upstreamStatus: '200' });
  });

  it('generates a request id when the client sends none (or a malformed one)', async () => {
    const res = await fetch(`${gateway.url}/api/users`, { headers: { 'x-request-id': 'bad id "with" quotes' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(users.seen.at(-1)?.headers['x-request-id']).toBe(id);
  });

  it('answers /healthz itself and unknown paths with 404 JSON, with security headers and no version', async () => {
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const res = await fetch(`${gateway.url}/admin`, { headers: { 'x-request-id': 'r-404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'No service is routed at this path', requestId: 'r-404' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('server')).toBe('nginx');
    // /api/usersettings is not the users service: prefixes match whole path segments.
    expect((await fetch(`${gateway.url}/api/usersettings`)).status).toBe(404);
  });

  it('refuses a body above client_max_body_size with 413 JSON', async () => {
    const res = await fetch(`${gateway.url}/api/users`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: { 'x-request-id': 'big' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large', requestId: 'big' });
  });
});
