import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { loopbackBlock, startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { until } from './support/until';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gateway when instances fail, move or disappear', () => {
  const ip = loopbackBlock();
  let gateway: GatewayHarness;
  let port: number;
  const upstreams: FakeUpstream[] = [];

  async function instance(host: number): Promise<FakeUpstream> {
    const fake = await startFakeUpstream(ip(host), port);
    upstreams.push(fake);
    return fake;
  }

  beforeAll(async () => {
    const first = await startFakeUpstream(ip(1), 0);
    upstreams.push(first);
    port = first.port;
    gateway = await startGateway({ servicePort: port, ttl: 1 });
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  it('answers 502 JSON, not HTML, when a service has no instance at all', async () => {
    const res = await fetch(`${gateway.url}/api/threads/1`, { headers: { 'x-request-id': 'no-threads' } });
    expect([502, 503]).toContain(res.status);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'Service threads is unreachable or unresolvable',
      requestId: 'no-threads',
    });
  });

  it('passes a service error through untouched (only nginx errors are rewritten)', async () => {
    const posts = await instance(20);
    posts.status = 503;
    await gateway.register('posts', 'posts-1', posts.address, port);
    const res = await fetch(`${gateway.url}/api/posts`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { servedBy: string }).servedBy).toBe(posts.address);
  });

  it('spreads GETs over two instances and retries them on the other when one fails or dies, but not a sent POST', async () => {
    const a = upstreams[0];
    const b = await instance(2);
    await gateway.register('users', 'users-a', a.address, port);
    await gateway.register('users', 'users-b', b.address, port);
    await sleep(1200);
    const servedBy = new Set<string>();
    for (let i = 0; i < 30; i++) servedBy.add(((await (await fetch(`${gateway.url}/api/users`)).json()) as { servedBy: string }).servedBy);
    expect(servedBy).toEqual(new Set([a.address, b.address]));

    b.status = 503; // answering but failing: GETs go on to the other instance, a POST that was sent is not repeated
    const gets: number[] = [];
    const posts: number[] = [];
    for (let i = 0; i < 20; i++) gets.push((await fetch(`${gateway.url}/api/users`)).status);
    for (let i = 0; i < 20; i++) posts.push((await fetch(`${gateway.url}/api/users`, { method: 'POST', body: '{}' })).status);
    expect(gets.every((s) => s === 200)).toBe(true);
    expect(posts).toContain(503);
    expect(posts).toContain(200);

    await b.close(); // killed while still registered and cached: connections are refused, GETs are retried
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(`${gateway.url}/api/users`)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await gateway.deregister('users', 'users-b');
  });

  it('follows a moved instance under continuous traffic with no reload and no failed request', async () => {
    const old = await instance(5);
    await gateway.register('threads', 'threads-old', old.address, port);
    await sleep(1200); // the earlier "no instance" answer for threads has expired
    const failures: string[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const res = await fetch(`${gateway.url}/api/threads/1`).catch((err: Error) => ({ status: 0, statusText: err.message }) as Response);
        if (res.status !== 200) failures.push(`${res.status} ${await res.text?.()}`);
        else await res.arrayBuffer();
      }
    })();
    await until(() => old.seen.length >= 10, 'traffic on the old instance');
    // ECS task replacement: new task healthy and registered, old one deregistered, stopped after the DNS TTL.
    const moved = await instance(6);
    await gateway.register('threads', 'threads-new', moved.address, port);
    await gateway.deregister('threads', 'threads-old');
    await sleep(2100); // valid=1s, and nginx's clock ticks in whole seconds
    const seenByOldAtStop = old.seen.length;
    await old.close();
    const seenByNewAtStop = moved.seen.length;
    await until(() => moved.seen.length >= seenByNewAtStop + 10, 'traffic on the new instance after the old one stopped');
    running = false;
    await traffic;

    expect({ failures: failures.slice(0, 5), errorLog: failures.length > 0 ? gateway.errorLog() : '' }).toEqual({ failures: [], errorLog: '' });
    expect(seenByOldAtStop).toBeGreaterThan(0);
    expect(moved.seen.length).toBeGreaterThan(seenByNewAtStop);
    expect(gateway.errorLog()).not.toMatch(/reconfiguring|signal 1 \(SIGHUP\)/);
    expect(process.kill(gateway.nginxPid, 0)).toBe(true);
  });
});

describe('gateway rate limit', () => {
  let gateway: GatewayHarness;
  let users: FakeUpstream;

  beforeAll(async () => {
    users = await startFakeUpstream(loopbackBlock()(1), 0);
    gateway = await startGateway({ servicePort: users.port, rateLimit: '1r/m', burst: 3 });
    await gateway.register('users', 'users-1', users.address, users.port);
  });
  afterAll(async () => {
    await gateway?.stop();
    await users?.close();
  });

  it('answers 429 JSON once a client exceeds its burst, and leaves /healthz alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${gateway.url}/api/users`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const res = await fetch(`${gateway.url}/api/users`, { headers: { 'x-request-id': 'limited' } });
    expect(await res.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry later', requestId: 'limited' });
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});
