import { HttpStatus } from '@nestjs/common';
import { UpstreamFailureException } from '../errors/upstream-failure.exception';
import { assertReferencesExist, type ResourceClient } from './assert-references-exist';
import { ReferencesNotFoundException } from './references-not-found.exception';

/** Answers each path with a status, or throws what the discovery client would. */
function client(service: string, answers: Record<string, number | Error>, delayMs = 0): ResourceClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    service,
    calls,
    async get(path: string) {
      calls.push(path);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const answer = answers[path] ?? 404;
      if (answer instanceof Error) throw answer;
      return { status: answer };
    },
  };
}

/** What `@forum/discovery` throws, reduced to the fields the kit reads. */
function discoveryError(code: string, service: string): Error {
  return Object.assign(new Error(`boom (service "${service}", backend static)`), { code, service, backend: 'static' });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('assertReferencesExist', () => {
  it('passes when every referenced resource answers 2xx', async () => {
    const users = client('users', { '/api/users/1': 200 });
    const threads = client('threads', { '/api/threads/2': 200 });
    await expect(
      assertReferencesExist([
        { field: 'user', id: 1, client: users, path: '/api/users/1' },
        { field: 'thread', id: 2, client: threads, path: '/api/threads/2' },
      ]),
    ).resolves.toBeUndefined();
    expect(users.calls).toEqual(['/api/users/1']);
    expect(threads.calls).toEqual(['/api/threads/2']);
  });

  it('names every missing reference in one 422', async () => {
    const error = await caught(
      assertReferencesExist([
        { field: 'user', id: 9, client: client('users', {}), path: '/api/users/9' },
        { field: 'thread', id: 8, client: client('threads', {}), path: '/api/threads/8' },
      ]),
    );
    expect(error).toBeInstanceOf(ReferencesNotFoundException);
    const e = error as ReferencesNotFoundException;
    expect(e.getStatus()).toBe(422);
    expect(e.fields).toEqual([
      { field: 'user', messages: ['user 9 does not exist'] },
      { field: 'thread', messages: ['thread 8 does not exist'] },
    ]);
    expect(e.message).toBe('user 9 does not exist; thread 8 does not exist');
  });

  it('runs the lookups concurrently', async () => {
    // Each lookup answers only once both have started: run one after the other, the first would never answer.
    let started = 0;
    let bothStarted: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (bothStarted = resolve));
    const waiting = (service: string): ResourceClient => ({
      service,
      async get() {
        if (++started === 2) bothStarted();
        await barrier;
        return { status: 200 };
      },
    });
    await assertReferencesExist([
      { field: 'user', id: 1, client: waiting('users'), path: '/u' },
      { field: 'thread', id: 1, client: waiting('threads'), path: '/t' },
    ]);
    expect(started).toBe(2);
  });

  it.each([
    ['ALL_INSTANCES_FAILED', 503, 'users service unavailable: no instance answered'],
    ['CALL_TIMEOUT', 503, 'users service unavailable: no answer in time'],
    ['NO_INSTANCES', 503, 'users service unavailable: no instances registered'],
    ['BACKEND_UNAVAILABLE', 503, 'users service unavailable: service discovery unreachable'],
    ['UNKNOWN_SERVICE', 503, 'users service unavailable: not known to service discovery'],
    ['INVALID_RESPONSE', 502, 'users service failed: invalid response'],
  ])('maps a %s discovery error to %i naming the service', async (code, status, message) => {
    const users = client('users', { '/u': discoveryError(code, 'users') });
    const error = (await caught(assertReferencesExist([{ field: 'user', id: 1, client: users, path: '/u' }]))) as UpstreamFailureException;
    expect(error).toBeInstanceOf(UpstreamFailureException);
    expect(error.getStatus()).toBe(status);
    expect(error.upstreams).toEqual(['users']);
    expect(error.message).toBe(message);
  });

  it('prefers 503 over 422 when one service is unreachable and the other says missing, since the check is incomplete', async () => {
    const error = (await caught(
      assertReferencesExist([
        { field: 'user', id: 1, client: client('users', { '/u': discoveryError('ALL_INSTANCES_FAILED', 'users') }), path: '/u' },
        { field: 'thread', id: 1, client: client('threads', {}), path: '/t' },
      ]),
    )) as UpstreamFailureException;
    expect(error.getStatus()).toBe(503);
    expect(error.upstreams).toEqual(['users']);
  });

  it('names both services when both are unreachable', async () => {
    const error = (await caught(
      assertReferencesExist([
        { field: 'user', id: 1, client: client('users', { '/u': discoveryError('CALL_TIMEOUT', 'users') }), path: '/u' },
        { field: 'thread', id: 1, client: client('threads', { '/t': discoveryError('NO_INSTANCES', 'threads') }), path: '/t' },
      ]),
    )) as UpstreamFailureException;
    expect(error.getStatus()).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(error.upstreams).toEqual(['users', 'threads']);
    expect(error.message).toBe('users service unavailable: no answer in time; threads service unavailable: no instances registered');
  });

  it('passes an upstream 503 on as 503 and any other unexpected status as 502', async () => {
    const draining = (await caught(
      assertReferencesExist([{ field: 'user', id: 1, client: client('users', { '/u': 503 }), path: '/u' }]),
    )) as UpstreamFailureException;
    expect([draining.getStatus(), draining.message]).toEqual([503, 'users service unavailable: it answered 503']);
    const broken = (await caught(
      assertReferencesExist([{ field: 'user', id: 1, client: client('users', { '/u': 500 }), path: '/u' }]),
    )) as UpstreamFailureException;
    expect([broken.getStatus(), broken.message]).toEqual([502, 'users service failed: it answered 500']);
  });

  it('rethrows an error that is not an upstream failure', async () => {
    const bug = new TypeError('bug');
    await expect(assertReferencesExist([{ field: 'user', id: 1, client: client('users', { '/u': bug }), path: '/u' }])).rejects.toBe(bug);
  });
});
