import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StaticBackend } from '../backends/static-backend';
import { DiscoveryClient } from '../discovery-client';
import { AllInstancesFailedError, CallTimeoutError, InvalidResponseError, UnknownServiceError } from '../errors/discovery-errors';
import { startTestInstance, type TestInstance } from '../testing';

/** Answers with JSON naming the instance, echoing what the test needs to assert. */
const echo = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such user"}');
    if (req.url === '/garbled') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
    if (req.url === '/empty') return void res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const { traceparent = null, tracestate = null } = req.headers;
    res.end(JSON.stringify({ instance: name, method: req.method, url: req.url, requestId: req.headers['x-request-id'] ?? null, traceparent, tracestate, contentType: req.headers['content-type'] ?? null, body }));
  });
};

describe('ServiceClient over the static backend', () => {
  const instances: TestInstance[] = [];
  const clients: DiscoveryClient[] = [];
  const start = async (handler: Parameters<typeof startTestInstance>[0], host: string) => {
    const instance = await startTestInstance(handler, host);
    instances.push(instance);
    return instance;
  };
  // A call timeout no healthy loopback instance reaches even on a loaded machine: a short one turns a slow first
  // connection into a timeout and a retry on the next instance, which breaks the round-robin order under test. The
  // timeout tests pass their own short per-call timeout.
  const discovery = (services: Record<string, string[]>, extra: Partial<ConstructorParameters<typeof DiscoveryClient>[0]> = {}) => {
    const client = new DiscoveryClient({ backend: new StaticBackend(services), timeoutMs: 10_000, ...extra });
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(instances.splice(0).map((i) => i.close()));
  });

  it('GETs JSON round robin across instances and forwards the request id', async () => {
    const a = await start(echo('a'), '127.0.0.2');
    const b = await start(echo('b'), '127.0.0.3');
    let requestId: string | undefined = 'req-1';
    const users = discovery({ users: [a.origin, b.origin] }, { requestIdProvider: () => requestId }).client('users');
    const first = await users.get<{ instance: string; url: string; requestId: string }>('/api/users/1?x=1');
    const second = await users.get<{ instance: string; requestId: string | null }>('/api/users/1');
    expect(first.status).toBe(200);
    expect(first.ok).toBe(true);
    expect(first.body).toEqual(expect.objectContaining({ url: '/api/users/1?x=1', requestId: 'req-1' }));
    expect([first.body.instance, second.body.instance].sort()).toEqual(['a', 'b']);
    requestId = undefined;
    expect((await users.get<{ requestId: string | null }>('/x')).body.requestId).toBeNull();
  });

  it('sends the trace headers the provider gives for each call, and caller headers win', async () => {
    const a = await start(echo('a'), '127.0.0.2');
    let span = 0;
    const traceHeadersProvider = () => ({ traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${String(++span).padStart(16, '0')}-01`, tracestate: 'a=1' });
    const users = discovery({ users: [a.origin] }, { requestIdProvider: () => 'req-t', traceHeadersProvider }).client('users');
    type Echo = { requestId: string; traceparent: string | null; tracestate: string | null; contentType: string | null };
    const first = await users.get<Echo>('/x');
    const posted = await users.post<Echo>('/x', { json: { a: 1 } });
    expect(first.body).toMatchObject({ requestId: 'req-t', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000001-01', tracestate: 'a=1' });
    expect(posted.body).toMatchObject({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000002-01', contentType: 'application/json' });
    const given = await users.get<Echo>('/x', { headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-00' } });
    expect(given.body.traceparent).toBe('00-11111111111111111111111111111111-2222222222222222-00');
    const none = await discovery({ users: [a.origin] }).client('users').get<Echo>('/x');
    expect(none.body).toMatchObject({ traceparent: null, tracestate: null });
  });

  it('POSTs a JSON body and returns non-2xx answers instead of throwing', async () => {
    const a = await start(echo('a'), '127.0.0.2');
    const users = discovery({ users: [a.origin] }).client('users');
    const created = await users.post<{ body: string; contentType: string; method: string }>('/api/users', { json: { name: 'ada' }, headers: { 'x-request-id': 'given' } });
    expect(created.body).toEqual(expect.objectContaining({ method: 'POST', body: '{"name":"ada"}', contentType: 'application/json', requestId: 'given' }));
    const missing = await users.get('/missing');
    expect(missing).toEqual(expect.objectContaining({ status: 404, ok: false, body: { message: 'no such user' } }));
    const empty = await users.delete('/empty');
    expect(empty).toEqual(expect.objectContaining({ status: 204, body: undefined }));
    const head = await users.head('/api/users');
    expect(head).toEqual(expect.objectContaining({ status: 200, body: undefined }));
  });

  it('ejects a killed instance and retries the GET on a healthy one', async () => {
    const healthy = await start(echo('healthy'), '127.0.0.2');
    const doomed = await start(echo('doomed'), '127.0.0.3');
    const client = discovery({ users: [doomed.origin, healthy.origin] });
    const users = client.client('users');
    await doomed.close();
    // Round robin starts on the killed instance: the call must still succeed, served by the healthy one.
    const res = await users.get<{ instance: string }>('/api/users/1');
    expect(res.body.instance).toBe('healthy');
    // Ejected: the next calls go straight to the healthy instance.
    for (let i = 0; i < 4; i++) expect((await client.pick('users')).origin).toBe(healthy.origin);
  });

  it('retries a HEAD on another instance after the first refused', async () => {
    const healthy = await start(echo('healthy'), '127.0.0.2');
    const doomed = await start(echo('doomed'), '127.0.0.3');
    const users = discovery({ users: [doomed.origin, healthy.origin] }).client('users');
    await doomed.close();
    const res = await users.head('/api/users');
    expect([res.status, res.body, res.instance.origin]).toEqual([200, undefined, healthy.origin]);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('does not retry a %s on another instance: it may have been applied', async (method) => {
    let healthyCalls = 0;
    const healthy = await start((req, res) => {
      healthyCalls++;
      echo('healthy')(req, res);
    }, '127.0.0.2');
    const doomed = await start(echo('doomed'), '127.0.0.3');
    // Round robin starts on the first instance listed: the killed one.
    const users = discovery({ users: [doomed.origin, healthy.origin] }).client('users');
    await doomed.close();
    const err = await users.request(method, '/api/users/1', { json: { name: 'ada' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllInstancesFailedError);
    expect((err as AllInstancesFailedError).attempts.map((a) => [a.instance.origin, a.reason])).toEqual([[doomed.origin, 'refused']]);
    expect(healthyCalls).toBe(0);
  });

  it('reuses keep-alive connections instead of opening one per call', async () => {
    let connections = 0;
    const server = createServer(echo('kept')).on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.6', resolve));
    const origin = `http://127.0.0.6:${(server.address() as AddressInfo).port}`;
    try {
      const users = discovery({ users: [origin] }).client('users');
      for (let i = 0; i < 5; i++) {
        expect((await users.get('/api/users/1')).status).toBe(200);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await users.post('/api/users', { json: { name: 'ada' } });
      expect(connections).toBe(1);
      // Back to back, undici's pool may open a second socket while the first is still being returned to it, but
      // no more: twenty calls without connection reuse would have opened twenty.
      for (let i = 0; i < 20; i++) await users.get('/api/users/1');
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('does not retry a POST and names every failed instance', async () => {
    const doomed = await start(echo('doomed'), '127.0.0.3');
    const users = discovery({ users: [doomed.origin] }).client('users');
    await doomed.close();
    const err = await users.post('/api/users', { json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllInstancesFailedError);
    expect(err).toMatchObject({ code: 'ALL_INSTANCES_FAILED', service: 'users', backend: 'static' });
    expect((err as AllInstancesFailedError).attempts.map((a) => [a.instance.origin, a.reason])).toEqual([[doomed.origin, 'refused']]);
  });

  it('gives up on a slow instance within the timeout', async () => {
    const slow = await start(() => undefined, '127.0.0.4'); // accepts and never answers
    const users = discovery({ users: [slow.origin] }).client('users');
    const started = Date.now();
    const err = await users.get('/api/users/1', { timeoutMs: 200 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(CallTimeoutError);
    expect((err as CallTimeoutError).message).toMatch(/no answer within 200 ms.*service "users", backend static/);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    // Far below the client's 10 s default, so the per-call timeout is the one that fired, with room for a busy CPU.
    expect(elapsed).toBeLessThan(5_000);
  });

  it('retries a timed-out GET once on another instance', async () => {
    const slow = await start(() => undefined, '127.0.0.4');
    const fast = await start(echo('fast'), '127.0.0.5');
    const users = discovery({ users: [slow.origin, fast.origin] }).client('users');
    // Each attempt gets the timeout: long enough for the fast instance to answer on a busy machine.
    const res = await users.get<{ instance: string }>('/api/users/1', { timeoutMs: 1_500 });
    expect(res.body.instance).toBe('fast');
  });

  it('rejects a body that is not the JSON its content type promises, and unknown services', async () => {
    const a = await start(echo('a'), '127.0.0.2');
    const client = discovery({ users: [a.origin] });
    await expect(client.client('users').get('/garbled')).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(client.client('billing').get('/x')).rejects.toBeInstanceOf(UnknownServiceError);
    await expect(client.client('billing').get('/x')).rejects.toThrow('unknown service (service "billing", backend static)');
  });
});
