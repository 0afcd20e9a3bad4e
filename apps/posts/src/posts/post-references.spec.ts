import { Test } from '@nestjs/testing';
import { DiscoveryClient } from '@forum/discovery';
import { createTestDiscoveryClient, type FakeDiscoveryBackend } from '@forum/discovery/testing';
import { getRequestId, readRequestContext, ReferencesNotFoundException, requestContextStorage, UpstreamFailureException } from '@forum/service-kit';
import { startResourceStandIn, type ResourceStandIn } from '@forum/service-kit/testing';
import { PostReferences } from './post-references';
import { manifest } from '../manifest';
import { routePrefixOf } from '@forum/service-catalog/manifest';

describe('PostReferences', () => {
  let users: ResourceStandIn;
  let threads: ResourceStandIn;
  let discovery: DiscoveryClient;
  let backend: FakeDiscoveryBackend;
  let references: PostReferences;

  beforeEach(async () => {
    users = await startResourceStandIn(routePrefixOf('users'), [1, 2]);
    threads = await startResourceStandIn(routePrefixOf('threads'), [3]);
    ({ client: discovery, backend } = createTestDiscoveryClient(
      { users: [users.origin], threads: [threads.origin] },
      { requestIdProvider: getRequestId, timeoutMs: 5_000, staleMs: 0, cacheTtlMs: 0 },
    ));
    const moduleRef = await Test.createTestingModule({ providers: [PostReferences, { provide: DiscoveryClient, useValue: discovery }] }).compile();
    references = moduleRef.get(PostReferences);
  });

  afterEach(async () => {
    await discovery.close();
    await Promise.all([users.close(), threads.close()]);
  });

  const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  it('resolves when the user and the thread exist, asking exactly the services the catalog says posts calls', async () => {
    await expect(references.assertExist({ user: 2, thread: 3 })).resolves.toBeUndefined();
    expect(users.paths).toEqual(['/api/users/2']);
    expect(threads.paths).toEqual(['/api/threads/3']);
    expect(manifest.calls).toEqual(expect.arrayContaining(['users', 'threads']));
  });

  it('forwards the incoming request id to both services', async () => {
    await requestContextStorage.run(readRequestContext('req-77', {}), () => references.assertExist({ user: 1, thread: 3 }));
    expect(users.requestIds).toEqual(['req-77']);
    expect(threads.requestIds).toEqual(['req-77']);
  });

  it.each([
    [{ user: 9, thread: 3 }, ['user'], 'user 9 does not exist'],
    [{ user: 1, thread: 8 }, ['thread'], 'thread 8 does not exist'],
    [{ user: 9, thread: 8 }, ['user', 'thread'], 'user 9 does not exist; thread 8 does not exist'],
  ])('rejects %o with 422 naming %o', async (post, fields, message) => {
    const error = (await caught(references.assertExist(post))) as ReferencesNotFoundException;
    expect(error).toBeInstanceOf(ReferencesNotFoundException);
    expect(error.getStatus()).toBe(422);
    expect(error.fields.map((f) => f.field)).toEqual(fields);
    expect(error.message).toBe(message);
  });

  it.each(['users', 'threads'])('answers 503 naming %s when it has no instances', async (service) => {
    backend.set(service, []);
    const error = (await caught(references.assertExist({ user: 1, thread: 3 }))) as UpstreamFailureException;
    expect(error).toBeInstanceOf(UpstreamFailureException);
    expect([error.getStatus(), error.upstreams, error.message]).toEqual([503, [service], `${service} service unavailable: no instances registered`]);
  });

  it.each([
    ['users', () => users],
    ['threads', () => threads],
  ])('answers 503 naming %s when its instance is down', async (service, instance) => {
    await instance().close();
    const error = (await caught(references.assertExist({ user: 1, thread: 3 }))) as UpstreamFailureException;
    expect([error.getStatus(), error.upstreams, error.message]).toEqual([503, [service], `${service} service unavailable: no instance answered`]);
  });

  it('answers 503 naming both services when service discovery itself is down', async () => {
    backend.fail(new Error('cloud map unreachable'));
    const error = (await caught(references.assertExist({ user: 1, thread: 3 }))) as UpstreamFailureException;
    expect([error.getStatus(), error.upstreams]).toEqual([503, ['users', 'threads']]);
    expect(error.message).toContain('service discovery unreachable');
  });
});
