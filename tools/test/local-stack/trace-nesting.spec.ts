import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceRequest } from '../../src/local-stack/trace';
import { calls, gatewayLine, ids, REQUEST, requestLine, SECOND, writeLogs } from './support/trace-fixtures';

interface Hop {
  hop: string;
  children: Hop[];
}

/** Who is under whom, as `hop(child, ...)` strings. */
const shape = (hops: Hop[]): string[] => hops.map((h) => (h.children.length > 0 ? `${h.hop}(${shape(h.children).join(', ')})` : h.hop));

describe('npm start -- trace: who called whom', () => {
  let stateDir: string;
  const tree = async (files: Record<string, string[]>) => {
    await writeLogs(stateDir, files);
    return shape(JSON.parse(await traceRequest(stateDir, REQUEST, { calls, json: true })).hops);
  };

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-stack-trace-nesting-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('nests a chain: threads creating a thread checks its author with users', async () => {
    const S = SECOND + 200;
    expect(
      await tree({
        'gateway-access.log': [gatewayLine({ ...ids, endMs: S + 20, requestTimeMs: 20, method: 'POST', uri: '/api/threads', status: 201, service: 'threads' })],
        'threads-1.log': [requestLine({ ...ids, service: 'threads', startMs: S + 1, durationMs: 18, method: 'POST', route: '/api/threads', statusCode: 201 })],
        'users-2.log': [requestLine({ ...ids, service: 'users', startMs: S + 5, durationMs: 4, method: 'GET', route: '/api/users/:id', statusCode: 200 })],
      }),
    ).toEqual(['gateway(threads-1(users-2))']);
  });

  it("keeps a callee under its caller when the callee's line came a little after the caller had finished", async () => {
    const S = SECOND + 200;
    expect(
      await tree({
        'gateway-access.log': [gatewayLine({ ...ids, endMs: S + 12, requestTimeMs: 12, method: 'GET', uri: '/api/threads/1', status: 200, service: 'threads' })],
        'threads-1.log': [requestLine({ ...ids, service: 'threads', startMs: S + 1, durationMs: 10, method: 'GET', route: '/api/threads/:id', statusCode: 200 })],
        'users-1.log': [requestLine({ ...ids, service: 'users', startMs: S + 9, durationMs: 8, method: 'GET', route: '/api/users/:id', statusCode: 200 })],
      }),
    ).toEqual(['gateway(threads-1(users-1))']);
  });

  it("puts a service's request under its gateway line even when the service measured it longer than nginx did", async () => {
    // nginx finished 3 ms into the second (its line says only the second); posts logged 30 ms ending 2 ms later.
    const lines = {
      'gateway-access.log': [gatewayLine({ ...ids, endMs: SECOND + 3, requestTimeMs: 19, method: 'GET', uri: '/api/posts/9', status: 404, service: 'posts' })],
      'posts-1.log': [requestLine({ ...ids, service: 'posts', startMs: SECOND - 25, durationMs: 30, method: 'GET', route: '/api/posts/:id', statusCode: 404 })],
    };
    expect(await tree(lines)).toEqual(['gateway(posts-1)']);
    const [gateway] = JSON.parse(await traceRequest(stateDir, REQUEST, { calls, json: true })).hops;
    expect([gateway.offsetMs, gateway.children[0].offsetMs]).toEqual([0, 0]);
  });
});
