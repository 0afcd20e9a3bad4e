import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { loopbackBlock, startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { until } from './support/until';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('gateway W3C trace context through real nginx', () => {
  const ip = loopbackBlock();
  let gateway: GatewayHarness;
  let users: FakeUpstream;

  beforeAll(async () => {
    users = await startFakeUpstream(ip(1), 0);
    gateway = await startGateway({ servicePort: users.port });
    await gateway.register('users', 'users-1', users.address, users.port);
  });
  afterAll(async () => {
    await gateway?.stop();
    await users?.close();
  });

  /** Sends one request to users and returns what the upstream saw and the access log line. */
  async function traced(headers: Record<string, string>) {
    const res = await fetch(`${gateway.url}/api/users/1`, { headers });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id') as string;
    const seen = users.seen.at(-1)?.headers ?? {};
    const line = await until(async () => (await gateway.accessLog()).find((l) => l['requestId'] === requestId), 'the access log line');
    return { requestId, seen, line };
  }

  it('starts a trace whose id is the request id when the client sends none, and logs it', async () => {
    const { requestId, seen, line } = await traced({});
    const [, traceId, spanId] = TRACEPARENT.exec(String(seen['traceparent'])) ?? [];
    expect(traceId).toBe(requestId);
    expect(spanId).not.toBe('0000000000000000');
    expect(line['traceId']).toBe(traceId);
    expect(seen['tracestate']).toBeUndefined();
  });

  it('uses its own id for the trace when the client chose the X-Request-Id', async () => {
    const { seen, line } = await traced({ 'x-request-id': 'client-chosen-1' });
    const [, traceId] = TRACEPARENT.exec(String(seen['traceparent'])) ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(line).toMatchObject({ requestId: 'client-chosen-1', traceId });
  });

  it('passes a valid traceparent and its tracestate up unchanged', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const { seen, line } = await traced({ traceparent, tracestate: 'vendor=abc,other=1' });
    expect(seen['traceparent']).toBe(traceparent);
    expect(seen['tracestate']).toBe('vendor=abc,other=1');
    expect(line['traceId']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['another version', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['trailing text', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'],
  ])('replaces a traceparent with %s and drops its tracestate', async (_case, traceparent) => {
    const { requestId, seen, line } = await traced({ traceparent, tracestate: 'vendor=abc' });
    const [, traceId] = TRACEPARENT.exec(String(seen['traceparent'])) ?? [];
    expect(traceId).toBe(requestId);
    expect(line['traceId']).toBe(requestId);
    expect(seen['tracestate']).toBeUndefined();
  });
});
