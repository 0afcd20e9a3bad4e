import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceCatalog } from '@forum/service-catalog';
import { alive, processesIn, startStack, type StackProcess } from './support/stack-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The first stack builds the services through Nx (cached after `npm test`'s build step); later ones reuse dist/.
const buildArgs = process.env['LOCAL_STACK_E2E_SKIP_BUILD'] === '1' ? ['--skip-build'] : [];

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

interface Answer {
  status: number;
  id: string | null;
  body: unknown;
  type: string | null;
  total: string | null;
}

/** A request to `base` (the gateway, or one instance directly). */
async function request(base: string, path: string, init?: RequestInit): Promise<Answer> {
  const id = randomUUID();
  const res = await fetch(`${base}${path}`, { ...init, headers: { 'x-request-id': id, 'content-type': 'application/json', ...init?.headers } });
  const text = await res.text();
  return { status: res.status, id: res.headers.get('x-request-id'), body: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type'), total: res.headers.get('x-total-count') };
}

const get = (stack: StackProcess, path: string, init?: RequestInit) => request(stack.gatewayUrl, path, init);

/** Status of `path` on every running instance of `service`, asked directly (not through the gateway). */
async function onEveryInstance(stack: StackProcess, service: string, path: string): Promise<number[]> {
  const instances = stack.state().instances.filter((i) => i.service === service);
  return Promise.all(instances.map(async (i) => (await request(`http://${i.address}:${i.port}`, path)).status));
}

/** Polls `check` until it holds, or fails with what it last saw. */
async function eventually<T>(what: string, probe: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** A hop as `npm start -- trace <id> --json` prints it. */
interface TracedHop {
  hop: string;
  service: string;
  method: string;
  target: string;
  status: number;
  requestId?: string;
  traceId?: string;
  children: TracedHop[];
}

const everyHop = (hops: TracedHop[]): TracedHop[] => hops.flatMap((h) => [h, ...everyHop(h.children)]);

/** The hops `npm start -- trace` finds for `id`, none while no log line has it yet. */
async function traced(stack: StackProcess, id: string): Promise<TracedHop[]> {
  const out = await stack.trace(id, ['--json']).catch(() => '{"hops":[]}');
  return (JSON.parse(out) as { hops: TracedHop[] }).hops;
}

describe('npm start: the whole system through the gateway', () => {
  let stack: StackProcess;
  // Kept across the stack's stop, so a second start finds the same data.
  let stateDir: string;
  // Users in a fresh database: the seed rows only.
  let seedUsers: string | null;
  // The trace id of a post created through the gateway, traced while the stack runs and again after it stopped.
  let tracedId: string;
  // Created through the gateway, then looked for on every instance, after a restart, and after the stack restarts.
  const username = `shared_${Date.now()}`;
  let userId: number;
  const databaseServices = serviceCatalog.services.filter((s) => s.database).map((s) => s.name);

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-stack-e2e-db-'));
    stack = await startStack([...buildArgs, '--scale', 'users=2', '--dns-ttl', '1'], { stateDir, timeoutMs: 600_000 });
    seedUsers = (await get(stack, '/api/users')).total;
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('writes state.json with the gateway, the stand-in and one registered instance per service (two users)', () => {
    const state = stack.state();
    expect(state.gateway.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(state.cloudMap).toMatchObject({ namespace: serviceCatalog.namespace, endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const counts = Object.fromEntries(serviceCatalog.services.map((s) => [s.name, state.instances.filter((i) => i.service === s.name).length]));
    expect(counts).toEqual(Object.fromEntries(serviceCatalog.services.map((s) => [s.name, s.name === 'users' ? 2 : 1])));
    expect(new Set(state.instances.map((i) => i.address)).size).toBe(state.instances.length);
    for (const i of state.instances) expect(alive(i.pid)).toBe(true);
    expect(state.postgres).toMatchObject({ host: '127.0.0.1', port: expect.any(Number), dir: join(stateDir, 'postgres'), databases: databaseServices });
    expect(alive(state.postgres.pid)).toBe(true);
    expect(stack.output()).toContain(`PostgreSQL  127.0.0.1:${state.postgres.port}`);
    expect(seedUsers).toMatch(/^\d+$/);
  });

  it("shows each instance's output on the terminal as readable lines prefixed by the instance; the files keep JSON", () => {
    for (const i of stack.state().instances) expect(stack.output()).toMatch(new RegExp(`^${i.instanceId} +\\| \\[[\\d:.]+\\] INFO`, 'm'));
    expect(stack.output()).not.toMatch(/^\S+ +\| \{"level"/m);
    expect(stack.log('users-1').split('\n')[0]).toMatch(/^\{"level":/);
  });

  it('shares one database between the users instances: a user created through the gateway is found on every read', async () => {
    const created = await get(stack, '/api/users', { method: 'POST', body: JSON.stringify({ username, name: 'Shared' }) });
    expect(created.status).toBe(201);
    userId = (created.body as { id: number }).id;
    const direct: number[] = [];
    for (let i = 0; i < 5; i++) direct.push(...(await onEveryInstance(stack, 'users', `/api/users/${userId}`)));
    expect(direct).toEqual(Array(10).fill(200));
    const through: number[] = [];
    for (let i = 0; i < 10; i++) through.push((await get(stack, `/api/users/${userId}`)).status);
    expect(through).toEqual(Array(10).fill(200));
    // posts asks users (either instance) whether the author exists: every answer must agree.
    const posts: number[] = [];
    for (let i = 0; i < 8; i++) posts.push((await get(stack, '/api/posts', { method: 'POST', body: JSON.stringify({ thread: 1, user: userId, text: `post ${i}` }) })).status);
    expect(posts).toEqual(Array(8).fill(201));
  });

  it("opens a SQL shell on a service's database as its role (npm start -- psql)", async () => {
    const out = await stack.psql('users', ['-At', '-c', `SELECT current_user, current_database(), (SELECT count(*) FROM users WHERE username = '${username}')`]);
    expect(out.trim().split('\n').at(-1)).toBe('users|users|1');
  });

  it.each(serviceCatalog.services.map((s) => [s.name, s.routePrefix]))(
    'routes every read route of %s, with the request id in the response and in the service log',
    async (name, prefix) => {
      const list = await get(stack, prefix);
      const one = await get(stack, `${prefix}/1`);
      const missing = await get(stack, `${prefix}/999999`);
      expect([list.status, one.status, missing.status]).toEqual([200, 200, 404]);
      expect(missing.body).toMatchObject({ statusCode: 404, requestId: missing.id });
      await sleep(200);
      const logs = stack.state().instances.filter((i) => i.service === name).map((i) => stack.log(i.instanceId)).join('\n');
      for (const r of [list, one, missing]) expect(logs).toContain(`"requestId":"${r.id}"`);
    },
  );

  // Write routes and the extra read routes, per service (tests may name services; the routes are the services' own).
  const writes: Record<string, { create: object; update: object; reads?: string[] }> = {
    users: { create: { username: `e2e_${Date.now()}`, name: 'E2E' }, update: { name: 'E2E 2' } },
    threads: { create: { title: 'Through the gateway', createdBy: 1 }, update: { title: 'Renamed' } },
    posts: { create: { thread: 1, user: 1, text: 'Hello from e2e' }, update: { text: 'Edited' }, reads: ['/in-thread/1', '/by-user/1'] },
  };

  it.each(Object.keys(writes))('routes the write routes of %s (create, update, delete) and rejects bad bodies as JSON', async (name) => {
    const prefix = serviceCatalog.services.find((s) => s.name === name)?.routePrefix as string;
    const spec = writes[name];
    for (const read of spec.reads ?? []) expect((await get(stack, `${prefix}${read}`)).status).toBe(200);
    const created = await get(stack, prefix, { method: 'POST', body: JSON.stringify(spec.create) });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    // Every instance reads the same database, so the follow-ups find the row whichever instance they reach.
    expect((await get(stack, `${prefix}/${id}`, { method: 'PATCH', body: JSON.stringify(spec.update) })).status).toBe(200);
    expect((await get(stack, `${prefix}/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await get(stack, `${prefix}/${id}`)).status).toBe(404);
    const invalid = await get(stack, prefix, { method: 'POST', body: JSON.stringify({ nonsense: true }) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ statusCode: 400, requestId: invalid.id });
  });

  it('carries one trace id through the gateway, posts, users and threads, and npm start -- trace shows the four hops', async () => {
    const created = await get(stack, '/api/posts', { method: 'POST', body: JSON.stringify({ thread: 1, user: 1, text: 'Traced' }) });
    expect(created.status).toBe(201);
    const requestId = created.id as string;
    // The services write their lines asynchronously: wait until all four hops are in the logs.
    await eventually('four hops', () => traced(stack, requestId), (found) => everyHop(found).length === 4);

    // The request sent no traceparent, so the gateway started the trace and logged its id beside the request id.
    const withId = (text: string) => text.split('\n').filter((line) => line.startsWith('{') && line.includes(requestId)).map((line) => JSON.parse(line) as { traceId?: string });
    const access = withId(stack.log('gateway-access'));
    expect(access).toHaveLength(1);
    tracedId = access[0].traceId as string;
    expect(tracedId).toMatch(/^[0-9a-f]{32}$/);
    for (const service of ['posts', 'users', 'threads']) {
      const lines = withId(stack.state().instances.filter((i) => i.service === service).map((i) => stack.log(i.instanceId)).join('\n'));
      expect({ service, traceIds: [...new Set(lines.map((l) => l.traceId))] }).toEqual({ service, traceIds: [tracedId] });
    }

    const hops = await traced(stack, tracedId);
    expect(hops).toEqual(await traced(stack, requestId));
    expect(hops).toMatchObject([{ hop: 'gateway', method: 'POST', target: '/api/posts', status: 201, requestId, traceId: tracedId }]);
    expect(everyHop(hops).map((h) => h.traceId)).toEqual(Array(4).fill(tracedId));
    const [posts] = hops[0].children;
    expect(hops[0].children).toHaveLength(1);
    expect(posts).toMatchObject({ hop: 'posts-1', service: 'posts', method: 'POST', target: '/api/posts', status: 201 });
    const checks = posts.children.map((h) => [h.service, h.method, h.target, h.status, h.children.length]);
    expect(checks.sort()).toEqual([
      ['threads', 'GET', '/api/threads/:id', 200, 0],
      ['users', 'GET', '/api/users/:id', 200, 0],
    ]);

    const table = await stack.trace(tracedId);
    // The hop column is a tree: posts one level under the gateway, users and threads one under posts.
    expect(table).toMatch(/^ +\+0\.0 {2}gateway +POST \/api\/posts +201 +[\d.]+$/m);
    expect(table).toMatch(/^ +\+[\d.]+ {2}└─ posts-1 +POST \/api\/posts +201 +[\d.]+$/m);
    expect(table).toMatch(/^ +\+[\d.]+ {5}[├└]─ users-\d +GET \/api\/users\/:id +200 +[\d.]+$/m);
    expect(table).toMatch(/^ +\+[\d.]+ {5}[├└]─ threads-1 +GET \/api\/threads\/:id +200 +[\d.]+$/m);
  });

  it('sends traffic to both users instances', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await get(stack, '/api/users/1')).id as string);
    await sleep(200);
    const users = stack.state().instances.filter((i) => i.service === 'users');
    for (const instance of users) expect(ids.some((id) => stack.log(instance.instanceId).includes(id))).toBe(true);
  });

  it('moves a users instance to a new address under continuous traffic: no failed request, no reload', async () => {
    const nginxPid = stack.nginxPid();
    const before = stack.state().instances.find((i) => i.instanceId === 'users-1');
    expect(before).toBeDefined();
    const failures: string[] = [];
    let sent = 0;
    let running = true;
    const traffic = (async () => {
      while (running) {
        sent++;
        const r = await get(stack, '/api/users').catch((err: Error) => ({ status: 0, body: err.message }));
        if (r.status !== 200) failures.push(`${r.status} ${JSON.stringify(r.body)}`);
      }
    })();
    const said = await stack.restart('users-1');
    await sleep(1000);
    running = false;
    await traffic;

    const after = stack.state().instances.filter((i) => i.service === 'users');
    const fresh = after.find((i) => !['users-1', 'users-2'].includes(i.instanceId));
    expect(said).toContain(`users-1 (${before?.address}) -> ${fresh?.instanceId} (${fresh?.address})`);
    expect(fresh?.address).not.toBe(before?.address);
    expect(after.map((i) => i.instanceId)).not.toContain('users-1');
    expect(alive(before?.pid as number)).toBe(false);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(50);
    expect(stack.log(fresh?.instanceId as string)).toContain('"requestId"');
    expect(stack.nginxPid()).toBe(nginxPid);
    expect(await onEveryInstance(stack, 'users', `/api/users/${userId}`)).toEqual([200, 200]);
  }, 60_000);

  it('answers 503 JSON naming the database while PostgreSQL is down, and serves again once the stack has restarted it', async () => {
    const before = stack.state().postgres;
    const answers: Answer[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) answers.push(await get(stack, `/api/users/${userId}`).catch((err: Error) => ({ status: 0, id: null, body: err.message, type: null, total: null })));
    })();
    await eventually('traffic before the kill', () => answers.length, (n) => n >= 5);
    process.kill(before.pid, 'SIGKILL');
    const after = await eventually('PostgreSQL pid in state.json', () => stack.state().postgres, (pg) => pg.pid !== before.pid);
    // Recovered: twenty answers in a row are 200 again, with no restart of any service.
    await eventually('answers after the restart', () => answers.slice(-20).map((a) => a.status), (statuses) => answers.length > 40 && statuses.every((s) => s === 200), 60_000);
    running = false;
    await traffic;

    // A service must ride out its database's outage; an instance that exits instead shows up as 502s below.
    expect(stack.output().match(/^\[stack\] warning: \S+ \([\d.]+\) exited unexpectedly.*$/gm) ?? []).toEqual([]);
    expect(after.port).toBe(before.port);
    expect(alive(before.pid)).toBe(false);
    expect(stack.output()).toContain(`PostgreSQL exited unexpectedly (killed by SIGKILL); starting it again on 127.0.0.1:${before.port}`);
    expect(stack.output()).toContain(`PostgreSQL is back on 127.0.0.1:${before.port} (pid ${after.pid})`);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(a.type).toContain('application/json');
      expect(a.body).toMatchObject({ statusCode: 503, requestId: a.id, message: expect.stringContaining('database') });
    }
  }, 120_000);

  it('keeps GETs succeeding when one users instance is killed, by retrying the dead address on the other', async () => {
    // Two registered users instances (a replacement after an earlier crash may still be starting).
    const users = await eventually('two users instances', () => stack.state().instances.filter((i) => i.service === 'users'), (now) => now.length === 2);
    const [victim, survivor] = users;
    process.kill(victim.pid, 'SIGKILL');
    // Like a crashed ECS task, the dead instance stays registered (and resolvable) for a few seconds.
    await sleep(500);
    expect(stack.state().instances.map((i) => i.instanceId)).toContain(victim.instanceId);
    const requests: Array<{ status: number; id: string | null }> = [];
    for (let i = 0; i < 30; i++) requests.push(await get(stack, '/api/users/2'));
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);

    await sleep(200);
    const ids = new Set(requests.map((r) => r.id));
    const logged = stack
      .log('gateway-access')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { requestId: string; status: number; upstreamAddr: string; upstreamStatus: string })
      .filter((entry) => ids.has(entry.requestId));
    expect(logged).toHaveLength(requests.length);
    const dead = `${victim.address}:${victim.port}`;
    const alive = `${survivor.address}:${survivor.port}`;
    // Tried the dead instance first, then the survivor: both addresses in one request's log line.
    const retried = logged.filter((entry) => entry.upstreamAddr === `${dead}, ${alive}`);
    expect(retried.length).toBeGreaterThan(0);
    for (const entry of retried) expect(entry).toMatchObject({ status: 200, upstreamStatus: '502, 200' });

    // Then, as an ECS service keeps its desired count, a replacement on a new address takes the dead one's place.
    const replaced = await eventually('a replacement', () => stack.state().instances.filter((i) => i.service === 'users'), (now) => now.length === 2 && !now.some((i) => i.instanceId === victim.instanceId));
    const replacement = replaced.find((i) => i.instanceId !== survivor.instanceId);
    expect(replacement?.address).not.toBe(victim.address);
    expect(stack.output()).toContain(`${victim.instanceId} deregistered after its crash`);
    expect(stack.output()).toContain(`${victim.instanceId} crashed: starting a replacement, as an ECS service does`);
    expect((await request(`http://${replacement?.address}:${replacement?.port}`, `/api/users/${userId}`)).status).toBe(200);
  }, 60_000);

  it('answers 502/503 JSON from the gateway when a service is down entirely', async () => {
    for (const i of stack.state().instances.filter((x) => x.service === 'threads')) process.kill(i.pid, 'SIGKILL');
    await sleep(300);
    const res = await get(stack, '/api/threads/1');
    expect([502, 503]).toContain(res.status);
    expect(res.type).toBe('application/json');
    expect(res.body).toMatchObject({ statusCode: res.status, requestId: res.id, message: expect.stringContaining('threads') });
  });

  it('stops everything on SIGTERM: no process and no listening port left', async () => {
    const state = stack.state();
    const pids = [...state.instances.map((i) => i.pid), stack.nginxPid(), state.postgres.pid];
    const port = Number(new URL(stack.gatewayUrl).port);
    expect(await stack.stop()).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(await portIsFree('127.0.0.1', port)).toBe(true);
    for (const i of state.instances) expect(await portIsFree(i.address, i.port)).toBe(true);
    expect(await portIsFree('127.0.0.1', state.cloudMap.dnsPort)).toBe(true);
    expect(await portIsFree('127.0.0.1', state.postgres.port)).toBe(true);
    expect(processesIn(state.postgres.dir)).toEqual([]);
    expect(stack.output()).toContain('stopped; nothing left running');
  });

  it("still traces a request from the last run's logs once the stack has stopped", async () => {
    const table = await stack.trace(tracedId);
    expect(table).toContain("the last run's logs; the stack has stopped");
    expect(table).toMatch(/└─ posts-1 +POST \/api\/posts +201/);
  });

  it('keeps every row when the stack starts again on the same state folder', async () => {
    stack = await startStack(['--skip-build', '--only', 'users'], { stateDir });
    expect((await get(stack, `/api/users/${userId}`)).body).toMatchObject({ id: userId, username });
    expect(await stack.stop()).toBe(0);
  }, 120_000);

  it('brings back only the seed with --fresh, and says it wipes the data', async () => {
    stack = await startStack(['--skip-build', '--only', 'users', '--fresh'], { stateDir });
    expect(stack.output()).toContain(`--fresh: wiping ${join(stateDir, 'postgres')}`);
    expect((await get(stack, `/api/users/${userId}`)).status).toBe(404);
    expect((await get(stack, '/api/users')).total).toBe(seedUsers);
    expect(await stack.stop()).toBe(0);
  }, 120_000);
});

describe('npm start -- --rate-limit', () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStack(['--skip-build', '--only', 'users', '--rate-limit=1r/m', '--rate-burst', '2', '--quiet']);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 429 JSON after the burst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(stack, '/api/users')).status);
    const limited = await get(stack, '/api/users');
    expect([...statuses, limited.status]).toEqual([200, 200, 200, 429]);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry later', requestId: limited.id });
    // --quiet: the stack's own lines only.
    expect(stack.output()).not.toMatch(/^users-1 +\|/m);
  });
});
