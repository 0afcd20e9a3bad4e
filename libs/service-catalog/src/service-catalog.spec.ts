import { getService, parseServiceCatalog, serviceCatalog } from './service-catalog';

describe('service catalog', () => {
  it('lists users, threads and posts under the shared namespace', () => {
    expect(serviceCatalog.services.map((s) => s.name)).toEqual(['users', 'threads', 'posts']);
    expect(serviceCatalog.namespace).toBe('forum.local');
  });

  it('records who calls whom', () => {
    expect(getService('posts').calls).toEqual(['users', 'threads']);
    expect(getService('users').calls).toEqual([]);
  });

  it('rejects an unknown service name with the known ones', () => {
    expect(() => getService('comments')).toThrow('Unknown service "comments"; known services: users, threads, posts');
  });

  it('rejects a catalog whose service calls a service that is not listed', () => {
    const broken = { ...serviceCatalog, services: [{ ...getService('posts'), calls: ['likes'] }] };
    expect(() => parseServiceCatalog(broken)).toThrow('service "posts" calls unknown service "likes"');
  });

  it('rejects duplicate names and bad counts in one message', () => {
    const users = getService('users');
    const broken = { ...serviceCatalog, services: [users, { ...users, minCount: 5 }] };
    expect(() => parseServiceCatalog(broken)).toThrow(/listed twice[\s\S]*minCount <= desiredCount/);
  });
});
