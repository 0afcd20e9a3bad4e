import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceRequest } from '../../src/local-stack/trace';
import { calls, gatewayLine, ids, otherLine, REQUEST, requestLine, SECOND, TRACE, writeLogs } from './support/trace-fixtures';

const OTHER = 'other-request';
// The gateway received the request 200 ms into a whole second.
const S = SECOND + 200;

/** POST /api/posts: posts checks the user and the thread at once; the threads request outlasts the users one. */
const createPost = {
  'gateway-access.log': [
    gatewayLine({ requestId: OTHER, endMs: S - 500, requestTimeMs: 3, method: 'GET', uri: '/api/users', status: 200, service: 'users' }),
    gatewayLine({ ...ids, endMs: S + 30, requestTimeMs: 30, method: 'POST', uri: '/api/posts', status: 201, service: 'posts' }),
  ],
  'posts-1.log': [
    otherLine({ service: 'posts', level: 'info', timeMs: S - 5000, msg: 'listening' }),
    requestLine({ ...ids, service: 'posts', startMs: S + 2, durationMs: 26, method: 'POST', route: '/api/posts', statusCode: 201 }),
  ],
  'threads-1.log': [requestLine({ ...ids, service: 'threads', startMs: S + 9, durationMs: 8, method: 'GET', route: '/api/threads/:id', statusCode: 200 })],
  'users-1.log': [
    requestLine({ requestId: OTHER, service: 'users', startMs: S - 503, durationMs: 2, method: 'GET', route: '/api/users', statusCode: 200 }),
    'node:internal/process stderr text that is not JSON',
    requestLine({ ...ids, service: 'users', startMs: S + 10, durationMs: 5, method: 'GET', route: '/api/users/:id', statusCode: 200 }),
    // A line still being written when the trace reads the file.
    `{"level":"info","time":${S + 40},"requestId":"${REQUEST}","tra`,
  ],
  'gateway-error.log': ['2026/12/01 08:20:01 [warn] 12#12: an nginx text line'],
};

describe('npm start -- trace <id>', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-stack-trace-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('prints the gateway and each hop in start order, callees under their caller, offsets from the gateway', async () => {
    await writeLogs(stateDir, createPost);
    const out = await traceRequest(stateDir, TRACE, { calls });
    expect(out.split('\n').slice(2)).toEqual([
      'start ms  hop              request               status  duration ms',
      '    +0.0  gateway          POST /api/posts          201         30.0',
      '    +4.0  └─ posts-1       POST /api/posts          201         26.0',
      '   +11.0     ├─ threads-1  GET /api/threads/:id     200          8.0',
      '   +12.0     └─ users-1    GET /api/users/:id       200          5.0',
    ]);
    expect(out.split('\n')[0]).toBe(`${TRACE}: 4 hops, trace id ${TRACE}, request id ${REQUEST}, from ${join(stateDir, 'logs')} (the last run's logs; the stack has stopped)`);
  });

  it('finds the same hops by request id as by trace id', async () => {
    await writeLogs(stateDir, createPost);
    const byTrace = JSON.parse(await traceRequest(stateDir, TRACE, { calls, json: true }));
    const byRequest = JSON.parse(await traceRequest(stateDir, REQUEST, { calls, json: true }));
    expect(byRequest.hops).toEqual(byTrace.hops);
    const [gateway] = byTrace.hops;
    expect(gateway).toMatchObject({ hop: 'gateway', method: 'POST', target: '/api/posts', status: 201, offsetMs: 0, durationMs: 30 });
    expect(gateway.children.map((h: { hop: string }) => h.hop)).toEqual(['posts-1']);
    expect(gateway.children[0].children.map((h: { hop: string; offsetMs: number }) => [h.hop, h.offsetMs])).toEqual([
      ['threads-1', 11],
      ['users-1', 12],
    ]);
  });

  it('lists warnings and errors with the id under the hop that wrote them, in time order with its calls', async () => {
    await writeLogs(stateDir, createPost);
    const warning = otherLine({ ...ids, service: 'posts', level: 'warn', timeMs: S + 5, msg: 'discovery backend failing; serving cached instances', fields: { module: 'discovery' } });
    const error = otherLine({ ...ids, service: 'posts', level: 'error', timeMs: S + 20, msg: 'could not save', fields: { err: { message: 'boom' } } });
    await appendFile(join(stateDir, 'logs', 'posts-1.log'), `${warning}\n${error}\n`);
    const lines = (await traceRequest(stateDir, TRACE, { calls })).split('\n');
    const posts = lines.findIndex((l) => l.includes('posts-1'));
    expect(lines.slice(posts + 1)).toEqual([
      '    +7.0     │  warn: discovery backend failing; serving cached instances {"module":"discovery"}',
      '   +11.0     ├─ threads-1  GET /api/threads/:id     200          8.0',
      '   +12.0     └─ users-1    GET /api/users/:id       200          5.0',
      '   +22.0        error: could not save {"err":{"message":"boom"}}',
    ]);
  });

  it('shows a request sent to an instance directly, without the gateway, and an aborted one', async () => {
    await writeLogs(stateDir, {
      'users-1.log': [requestLine({ ...ids, service: 'users', startMs: S, durationMs: 7, method: 'GET', route: '/api/users', statusCode: 200, aborted: true })],
    });
    const out = await traceRequest(stateDir, REQUEST, { calls });
    expect(out.split('\n').slice(3)).toEqual(['    +0.0  users-1  GET /api/users  aborted          7.0']);
  });

  it('keeps two requests of one trace apart, each under its own gateway line', async () => {
    const second = { requestId: OTHER, traceId: TRACE };
    await writeLogs(stateDir, {
      'gateway-access.log': [
        gatewayLine({ ...ids, endMs: S + 10, requestTimeMs: 10, method: 'GET', uri: '/api/posts/1', status: 200, service: 'posts' }),
        gatewayLine({ ...second, endMs: S + 25, requestTimeMs: 10, method: 'GET', uri: '/api/posts/2', status: 404, service: 'posts' }),
      ],
      'posts-1.log': [
        requestLine({ ...ids, service: 'posts', startMs: S + 1, durationMs: 8, method: 'GET', route: '/api/posts/:id', statusCode: 200 }),
        requestLine({ ...second, service: 'posts', startMs: S + 16, durationMs: 8, method: 'GET', route: '/api/posts/:id', statusCode: 404 }),
      ],
      'users-1.log': [otherLine({ ...second, service: 'users', level: 'error', timeMs: S + 18, msg: 'no request line for this one' })],
    });
    const trace = JSON.parse(await traceRequest(stateDir, TRACE, { calls, json: true }));
    expect(trace.hops.map((g: { requestId: string; children: Array<{ requestId: string }> }) => [g.requestId, g.children.map((c) => c.requestId)])).toEqual([
      [REQUEST, [REQUEST]],
      [OTHER, [OTHER]],
    ]);
    expect(trace.unattached).toMatchObject([{ instanceId: 'users-1', level: 'error', msg: 'no request line for this one' }]);
  });

  it('says which folder it searched, and that nothing matched, when no line has the id', async () => {
    await writeLogs(stateDir, createPost);
    await writeFile(join(stateDir, 'state.json'), '{}');
    const logDir = join(stateDir, 'logs');
    await expect(traceRequest(stateDir, 'no-such-id', { calls })).rejects.toThrow(
      `no log line has request id or trace id no-such-id in ${logDir} (gateway-access.log, posts-1.log, threads-1.log, users-1.log), written by the stack running there`,
    );
  });

  it('skips lines that are not whole JSON lines, even when they hold the id', async () => {
    await writeLogs(stateDir, {
      'users-1.log': [`Error: crashed while serving ${REQUEST}`, `{"level":"info","time":${S},"requestId":"${REQUEST}","msg":"req`],
      'gateway-access.log': [`{"time":"2026-12-01T08:20:01+00:00","requestId":"${REQUEST}"`],
    });
    await expect(traceRequest(stateDir, REQUEST, { calls })).rejects.toThrow(`no log line has request id or trace id ${REQUEST}`);
  });

  it('says no stack has run when the state folder has no logs', async () => {
    await expect(traceRequest(stateDir, TRACE, { calls })).rejects.toThrow(`no local stack has run with state folder ${stateDir}`);
  });
});
