import { useTestDatabase } from '@forum/database/testing';
import { describeServiceLifecycle, startServiceProcess, type ServiceProcess } from '@forum/service-kit/testing';
import { join } from 'node:path';

// The built bundle, exactly what the image runs; the e2e target builds it first.
const entry = join(__dirname, '../../../dist/apps/users/main.js');
const host = '127.0.0.21';

describe('users service, built and run as a process', () => {
  // Its own PostgreSQL database, emptied before each test, so every start migrates and seeds as a fresh task.
  const database = useTestDatabase('users_e2e');
  let service: ServiceProcess;

  beforeEach(async () => {
    service = await startServiceProcess({ entry, host, env: { SHUTDOWN_TIMEOUT_MS: '10000', SEED_DATA: 'true', ...database.env() } });
  });

  afterEach(() => service.kill());

  describeServiceLifecycle({
    name: 'users',
    entry,
    service: () => service,
    invalidEnv: { SEED_DATA: 'maybe' },
    sample: { path: '/api/users/3', route: '/api/users/:id' },
    inFlight: {
      method: 'POST',
      path: '/api/users',
      body: { username: 'bmo', name: 'BMO', bio: 'Living video game console' },
      status: 201,
      response: { id: 5, username: 'bmo', name: 'BMO', bio: 'Living video game console' },
    },
  });

  it('serves the seed users', async () => {
    const res = await fetch(`${service.baseUrl}/api/users`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('4');
    expect(((await res.json()) as unknown[]).length).toBe(4);
  });
});
