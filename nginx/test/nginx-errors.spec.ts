import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { loopbackBlock, startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { rawRequest, type RawResponse } from './support/raw-http';

/** Errors nginx raises while parsing a request, before any service sees it: each must be the services' JSON shape. */
describe('gateway errors nginx raises itself are JSON, never HTML', () => {
  let gateway: GatewayHarness;
  let users: FakeUpstream;
  let send: (request: string) => Promise<RawResponse>;

  beforeAll(async () => {
    users = await startFakeUpstream(loopbackBlock()(1), 0);
    gateway = await startGateway({ servicePort: users.port });
    await gateway.register('users', 'users-1', users.address, users.port);
    const { hostname, port } = new URL(gateway.url);
    send = (request) => rawRequest(hostname, Number(port), request);
  });
  afterAll(async () => {
    await gateway?.stop();
    await users?.close();
  });

  const request = (line: string, headers: string[] = []) =>
    [line, 'Host: gateway', 'X-Request-Id: raw-1', 'Connection: close', ...headers, '', ''].join('\r\n');

  function expectJsonError(res: RawResponse, statusCode: number, error: string, message: RegExp): void {
    expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({ status: statusCode, contentType: 'application/json' });
    expect(res.body).not.toMatch(/<html/i);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toEqual({ statusCode, error, message: expect.stringMatching(message), requestId: expect.any(String) });
  }

  it('answers an oversized header (nginx 494) with 400 JSON', async () => {
    const res = await send(request('GET /api/users HTTP/1.1', [`X-Big: ${'a'.repeat(16 * 1024)}`]));
    expectJsonError(res, 400, 'Bad Request', /header/i);
    expect(users.seen).toHaveLength(0);
  });

  it('answers a URI longer than the header buffers with 414 JSON', async () => {
    const res = await send(request(`GET /api/users?q=${'a'.repeat(16 * 1024)} HTTP/1.1`));
    expectJsonError(res, 414, 'URI Too Long', /URI/);
  });

  it('answers TRACE with 405 JSON', async () => {
    const res = await send(request('TRACE /api/users HTTP/1.1'));
    expectJsonError(res, 405, 'Method Not Allowed', /TRACE/);
    expect(JSON.parse(res.body)).toMatchObject({ requestId: 'raw-1' });
    expect(users.seen).toHaveLength(0);
  });

  it('answers a malformed request line with 400 JSON', async () => {
    expectJsonError(await send(request('get /api/users HTTP/1.1')), 400, 'Bad Request', /could not read/);
  });

  it('answers an unknown Transfer-Encoding with 501 JSON', async () => {
    const res = await send(request('POST /api/users HTTP/1.1', ['Transfer-Encoding: gzip']));
    expectJsonError(res, 501, 'Not Implemented', /Transfer-Encoding/);
    expect(users.seen).toHaveLength(0);
  });

  it('keeps its internal error URIs internal: asked for directly, they are the usual 404 JSON', async () => {
    expectJsonError(await send(request('GET /_gateway/errors/400 HTTP/1.1')), 404, 'Not Found', /No service is routed/);
  });

  it('answers an HTTP version it does not speak with 505 JSON', async () => {
    expectJsonError(await send(request('GET /api/users HTTP/2.0')), 505, 'HTTP Version Not Supported', /HTTP\/1\.1/);
  });
});
