import { serviceSourceRoots, servicesTouchedBy, type ProjectGraph } from '../../src/local-stack/watch-services';

describe('--watch: which services a saved file goes into', () => {
  const graph: ProjectGraph = {
    nodes: {
      users: { data: { root: 'apps/users' } },
      posts: { data: { root: 'apps/posts' } },
      'service-kit': { data: { root: 'libs/service-kit' } },
      discovery: { data: { root: 'libs/discovery' } },
      database: { data: { root: 'libs/database' } },
    },
    dependencies: {
      users: [{ target: 'service-kit' }, { target: 'database' }],
      posts: [{ target: 'discovery' }, { target: 'database' }, { target: 'npm:pg' }],
      discovery: [{ target: 'service-kit' }],
      database: [{ target: 'service-kit' }],
    },
  };
  const roots = serviceSourceRoots(graph, ['users', 'posts']);

  it("finds a service's own folder and every lib it uses, directly or through another lib", () => {
    expect(roots.get('users')?.sort()).toEqual(['apps/users', 'libs/database', 'libs/service-kit']);
    expect(roots.get('posts')?.sort()).toEqual(['apps/posts', 'libs/database', 'libs/discovery', 'libs/service-kit']);
  });

  it('rebuilds the service whose code changed, and every service using a changed lib', () => {
    expect(servicesTouchedBy('apps/users/src/users/users.controller.ts', roots)).toEqual(['users']);
    expect(servicesTouchedBy('libs/discovery/src/cache.ts', roots)).toEqual(['posts']);
    expect(servicesTouchedBy('libs/service-kit/src/index.ts', roots)).toEqual(['users', 'posts']);
  });

  it('rebuilds nothing for tests, docs or another project', () => {
    expect(servicesTouchedBy('apps/users/src/users/users.service.spec.ts', roots)).toEqual([]);
    expect(servicesTouchedBy('apps/users/README.md', roots)).toEqual([]);
    expect(servicesTouchedBy('apps/users-e2e/src/users.e2e.ts', roots)).toEqual([]);
    expect(servicesTouchedBy('libs/discovery/test/x.ts', roots)).toEqual([]);
  });
});
