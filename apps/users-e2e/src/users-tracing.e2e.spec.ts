import { useTestDatabase } from '@forum/database/testing';
import { describeServiceTracing, startServiceProcess } from '@forum/service-kit/testing';
import { join } from 'node:path';

const entry = join(__dirname, '../../../dist/apps/users/main.js');

describe('users service with OpenTelemetry on, built and run as a process', () => {
  const database = useTestDatabase('users_tracing_e2e');

  describeServiceTracing({
    name: 'users',
    collectorHost: '127.0.0.37',
    sample: { path: '/api/users/1' },
    scopes: ['@fastify/otel', '@opentelemetry/instrumentation-nestjs-core', '@opentelemetry/instrumentation-pg'],
    start: (otel) => startServiceProcess({ entry, host: '127.0.0.38', env: { SEED_DATA: 'true', ...database.env(), ...otel } }),
  });
});
