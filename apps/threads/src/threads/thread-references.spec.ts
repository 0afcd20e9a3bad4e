import { Test } from '@nestjs/testing';
import { DiscoveryClient } from '@forum/discovery';
import { createTestDiscoveryClient, type FakeDiscoveryBackend } from '@forum/discovery/testing';
import { getRequestId, readRequestContext, ReferencesNotFoundException, requestContextStorage, UpstreamFailureException } from '@forum/service-kit';
import { startResourceStandIn, type ResourceStandIn } from '@forum/service-kit/testing';
import { ThreadReferences } from './thread-references';
import { manifest } from '../manifest';
import { routePrefixOf } from '@forum/service-catalog/manifest';

describe('ThreadReferences', () => {
  let users: ResourceStandIn;
  let discovery: DiscoveryClient;
  let backend: FakeDiscoveryBackend;
  let references: ThreadReferences;

  beforeEach(async () => {
    users = await startResourceStandIn(routePrefixOf('users'), [1, 2]);
    ({ client: discovery, backend } = createTestDiscoveryClient({ users: [users.origin] }, { requestIdProvider: getRequestId, timeoutMs: 5_000, staleMs: 0, cacheTtlMs: 0 }));
    const moduleRef = await Test.createTestingModule({ providers: [ThreadReferences, { provide: DiscoveryClient, useValue: discovery }] }).compile();
    references = moduleRef.get(ThreadReferences);
  });

  afterEach(async () => {
    await discovery.close();
    await users.close();
  });

  const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  it('resolves when the author exists, asking the users service the catalog says threads calls', async () => {
    await expect(references.assertExist({ createdBy: 2 })).resolves.toBeUndefined();
    expect(users.paths).toEqual(['/api/users/2']);
    expect(manifest.calls).toContain('users');
  });

  it('forwards the incoming request id', async () => {
    await requestContextStorage.run(readRequestContext('req-88', {}), () => references.assertExist({ createdBy: 1 }));
    expect(users.requestIds).toEqual(['req-88']);
  });

  it('rejects a missing author with 422 naming createdBy', async () => {
    const error = (await caught(references.assertExist({ createdBy: 9 }))) as ReferencesNotFoundException;
    expect(error).toBeInstanceOf(ReferencesNotFoundException);
    expect(error.getStatus()).toBe(422);
    expect(error.fields).toEqual([{ field: 'createdBy', messages: ['createdBy 9 does not exist'] }]);
  });

  it('answers 503 naming users when it has no instances', async () => {
    backend.set('users', []);
    const error = (await caught(references.assertExist({ createdBy: 1 }))) as UpstreamFailureException;
    expect([error.getStatus(), error.upstreams, error.message]).toEqual([503, ['users'], 'users service unavailable: no instances registered']);
  });

  it('answers 503 naming users when its instance is down', async () => {
    await users.close();
    const error = (await caught(references.assertExist({ createdBy: 1 }))) as UpstreamFailureException;
    expect([error.getStatus(), error.upstreams, error.message]).toEqual([503, ['users'], 'users service unavailable: no instance answered']);
  });

  it('answers 503 naming users when service discovery itself is down', async () => {
    backend.fail(new Error('cloud map unreachable'));
    const error = (await caught(references.assertExist({ createdBy: 1 }))) as UpstreamFailureException;
    expect([error.getStatus(), error.upstreams, error.message]).toEqual([503, ['users'], 'users service unavailable: service discovery unreachable']);
  });
});
