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
const entry = join(__dirname, '../../../dist/apps/posts/main.js');
const host = '127.0.0.23';

describe('posts service, built and run as a process', () => {
  // Its own PostgreSQL database, emptied before each test, so every start migrates and seeds as a fresh task.
  const database = useTestDatabase('posts_e2e');
  let service: ServiceProcess;
  let users: ResourceStandIn;
  let threads: ResourceStandIn;

  beforeEach(async () => {
    // Seed users 1-4 and threads 1-3, found through the static backend as in the simplest local run.
    users = await startResourceStandIn(getService('users').routePrefix, [1, 2, 3, 4], { host: '127.0.0.24' });
    threads = await startResourceStandIn(getService('threads').routePrefix, [1, 2, 3], { host: '127.0.0.25' });
    const env = {
      SHUTDOWN_TIMEOUT_MS: '10000',
      SEED_DATA: 'true',
      ...database.env(),
      DISCOVERY_BACKEND: 'static',
      DISCOVERY_STATIC: `users=${users.origin},threads=${threads.origin}`,
      DISCOVERY_TIMEOUT_MS: '500',
    };
    service = await startServiceProcess({ entry, host, env });
  });

  afterEach(async () => {
    await service.kill();
    await Promise.all([users.close(), threads.close()]);
  });

  describeServiceLifecycle({
    name: 'posts',
    entry,
    service: () => service,
    // The default backend is cloudmap, which needs a namespace this environment does not give.
    invalidEnv: { DISCOVERY_BACKEND: '' },
    sample: { path: '/api/posts/in-thread/2', route: '/api/posts/in-thread/:threadId' },
    inFlight: {
      method: 'POST',
      path: '/api/posts',
      body: { thread: 1, user: 2, text: 'On my way' },
      status: 201,
      response: { id: 7, thread: 1, user: 2, text: 'On my way' },
    },
  });

  it('checks the user and the thread through discovery: 201, 422 naming the missing one, 503 naming an unreachable service', async () => {
    const post = (body: object) =>
      fetch(`${service.baseUrl}/api/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-check' },
        body: JSON.stringify(body),
      });
    expect((await post({ thread: 2, user: 3, text: 'Count me in' })).status).toBe(201);
    expect(users.requestIds).toContain('e2e-check');
    const missing = await post({ thread: 2, user: 44, text: 'Who am I' });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ message: 'user 44 does not exist', fields: [{ field: 'user' }] });
    await threads.close();
    const down = await post({ thread: 2, user: 3, text: 'Anyone?' });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ message: 'threads service unavailable: no instance answered', upstreams: ['threads'] });
  });

  it('serves the seed posts', async () => {
    const res = await fetch(`${service.baseUrl}/api/posts`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('6');
    expect(((await res.json()) as unknown[]).length).toBe(6);
  });
});
