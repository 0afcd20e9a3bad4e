import {
  startPartialRequest,
  startResourceStandIn,
  type ResourceStandIn,
  startServiceProcess,
  waitUntilConnectionRefused,
  type ServiceProcess,
} from '@forum/service-kit/testing';
import { getService } from '@forum/service-catalog';
import { join } from 'node:path';

// The built bundle, exactly what the image runs; the e2e target builds it first.
const entry = join(__dirname, '../../../dist/apps/threads/main.js');
const host = '127.0.0.22';

describe('threads service, built and run as a process', () => {
  let service: ServiceProcess;
  let users: ResourceStandIn;

  beforeEach(async () => {
    // Seed users 1-4, found through the static backend as in the simplest local run.
    users = await startResourceStandIn(getService('users').routePrefix, [1, 2, 3, 4], { host: '127.0.0.27' });
    const env = { SHUTDOWN_TIMEOUT_MS: '10000', DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${users.origin}`, DISCOVERY_TIMEOUT_MS: '500' };
    service = await startServiceProcess({ entry, host, env });
  });

  afterEach(async () => {
    await service.kill();
    await users.close();
  });

  it('refuses to start without a discovery namespace for the default cloudmap backend', async () => {
    await expect(startServiceProcess({ entry, host: '127.0.0.28', env: { DISCOVERY_BACKEND: '' } })).rejects.toThrow(/exited with 1/);
  });

  it('checks createdBy through discovery: 201, 422 naming it, 503 naming users when users is down', async () => {
    const create = (body: object) =>
      fetch(`${service.baseUrl}/api/threads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-check' },
        body: JSON.stringify(body),
      });
    expect((await create({ title: 'Ice kingdom', createdBy: 3 })).status).toBe(201);
    expect(users.requestIds).toContain('e2e-check');
    const missing = await create({ title: 'Who am I', createdBy: 44 });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ message: 'createdBy 44 does not exist', fields: [{ field: 'createdBy' }] });
    await users.close();
    const down = await create({ title: 'Anyone?', createdBy: 3 });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ message: 'users service unavailable: no instance answered', upstreams: ['users'] });
  });

  it('serves the seed threads and health', async () => {
    const res = await fetch(`${service.baseUrl}/api/threads`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('3');
    expect(((await res.json()) as unknown[]).length).toBe(3);
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/ready`)).status).toBe(200);
  });

  it('round-trips X-Request-Id into the response and the request log line', async () => {
    const res = await fetch(`${service.baseUrl}/api/threads/3`, { headers: { 'X-Request-Id': 'e2e-threads-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('e2e-threads-42');
    const line = await waitForLine(service, (l) => l['requestId'] === 'e2e-threads-42');
    expect(line).toMatchObject({ method: 'GET', route: '/api/threads/:id', statusCode: 200, service: 'threads' });
  });

  it('drains on SIGTERM: in-flight request completes, new connections are refused, /ready is 503, exit 0', async () => {
    const target = { host: service.host, port: service.port };
    const creating = await startPartialRequest({
      ...target,
      method: 'POST',
      path: '/api/threads',
      headers: { 'x-request-id': 'in-flight-1' },
      body: { title: 'Lost sword', createdBy: 2 },
    });
    const readiness = await startPartialRequest({ ...target, method: 'GET', path: '/ready' });
    // The bytes are sent, but a loaded service may not have read them yet; until it has, Node counts the connection
    // as idle and the drain closes it. Give it a moment so the test is about in-flight requests.
    await new Promise((resolve) => setTimeout(resolve, 200));

    service.child.kill('SIGTERM');
    await waitUntilConnectionRefused(service.host, service.port);
    expect(service.child.exitCode).toBeNull();

    const ready = await readiness.finish();
    expect(ready.statusCode).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });

    const created = await creating.finish();
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body)).toEqual({ id: 4, title: 'Lost sword', createdBy: 2 });

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.find((l) => l['requestId'] === 'in-flight-1')).toMatchObject({ statusCode: 201 });
  });
});

async function waitForLine(service: ServiceProcess, match: (line: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 100; i++) {
    const line = service.lines.find(match);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('log line not written');
}
