import { useTestDatabase } from '@forum/database/testing';
import {
  describeServiceLifecycle,
  startResourceStandIn,
  startServiceProcess,
  type ResourceStandIn,
  type ServiceProcess,
} from '@forum/service-kit/testing';
import { getService } from '@forum/service-catalog';
import { join } from 'node:path';

// The built bundle, exactly what the image runs; the e2e target builds it first.
const entry = join(__dirname, '../../../dist/apps/threads/main.js');
const host = '127.0.0.22';

describe('threads service, built and run as a process', () => {
  // Its own PostgreSQL database, emptied before each test, so every start migrates and seeds as a fresh task.
  const database = useTestDatabase('threads_e2e');
  let service: ServiceProcess;
  let users: ResourceStandIn;

  beforeEach(async () => {
    // Seed users 1-4, found through the static backend as in the simplest local run.
    users = await startResourceStandIn(getService('users').routePrefix, [1, 2, 3, 4], { host: '127.0.0.27' });
    const env = { SHUTDOWN_TIMEOUT_MS: '10000', SEED_DATA: 'true', ...database.env(), DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${users.origin}`, DISCOVERY_TIMEOUT_MS: '500' };
    service = await startServiceProcess({ entry, host, env });
  });

  afterEach(async () => {
    await service.kill();
    await users.close();
  });

  describeServiceLifecycle({
    name: 'threads',
    entry,
    service: () => service,
    // The default backend is cloudmap, which needs a namespace this environment does not give.
    invalidEnv: { DISCOVERY_BACKEND: '' },
    sample: { path: '/api/threads/3', route: '/api/threads/:id' },
    inFlight: {
      method: 'POST',
      path: '/api/threads',
      body: { title: 'Lost sword', createdBy: 2 },
      status: 201,
      response: { id: 4, title: 'Lost sword', createdBy: 2 },
    },
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

  it('serves the seed threads', async () => {
    const res = await fetch(`${service.baseUrl}/api/threads`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('3');
    expect(((await res.json()) as unknown[]).length).toBe(3);
  });
});
