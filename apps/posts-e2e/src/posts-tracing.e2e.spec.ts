import { useTestDatabase } from '@forum/database/testing';
import { getService } from '@forum/service-catalog';
import {
  CALLER_TRACEPARENT,
  describeServiceTracing,
  startResourceStandIn,
  startServiceProcess,
  waitForLogLine,
  type ResourceStandIn,
} from '@forum/service-kit/testing';
import { join } from 'node:path';

const entry = join(__dirname, '../../../dist/apps/posts/main.js');
const scope = (name: string) => `@opentelemetry/instrumentation-${name}`;

describe('posts service with OpenTelemetry on, built and run as a process', () => {
  const database = useTestDatabase('posts_tracing_e2e');
  let users: ResourceStandIn;
  let threads: ResourceStandIn;

  beforeEach(async () => {
    users = await startResourceStandIn(getService('users').routePrefix, [1, 2], { host: '127.0.0.33' });
    threads = await startResourceStandIn(getService('threads').routePrefix, [1], { host: '127.0.0.34' });
  });
  afterEach(() => Promise.all([users.close(), threads.close()]));

  const tracing = describeServiceTracing({
    name: 'posts',
    collectorHost: '127.0.0.35',
    sample: { path: '/api/posts/1' },
    scopes: [scope('express'), scope('nestjs-core'), scope('pg')],
    start: (otel) => {
      const discovery = { DISCOVERY_BACKEND: 'static', DISCOVERY_STATIC: `users=${users.origin},threads=${threads.origin}` };
      return startServiceProcess({ entry, host: '127.0.0.36', env: { SEED_DATA: 'true', ...database.env(), ...discovery, ...otel } });
    },
  });

  it('sends each callee one traceparent, written by OpenTelemetry\'s propagator for its undici span', async () => {
    const service = tracing.service();
    const res = await fetch(`${service.baseUrl}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'otel-calls', traceparent: CALLER_TRACEPARENT },
      body: JSON.stringify({ thread: 1, user: 2, text: 'traced' }),
    });
    expect(res.status).toBe(201);
    const traceId = CALLER_TRACEPARENT.slice(3, 35);
    expect(await waitForLogLine(service, (l) => l['requestId'] === 'otel-calls' && l['msg'] === 'request completed')).toMatchObject({ traceId });
    // A second copy of the header would arrive joined to the first by a comma.
    const sent = [...users.traceparents, ...threads.traceparents];
    expect(sent).toEqual([expect.stringMatching(`^00-${traceId}-[0-9a-f]{16}-01$`), expect.stringMatching(`^00-${traceId}-[0-9a-f]{16}-01$`)]);
    const calls = await tracing.collector().traceSpans(traceId, (trace) => trace.filter((span) => span.scope === scope('undici')).length === 2);
    for (const traceparent of sent) expect(calls.find((span) => span.spanId === traceparent?.slice(36, 52))?.scope).toBe(scope('undici'));
  });
});
