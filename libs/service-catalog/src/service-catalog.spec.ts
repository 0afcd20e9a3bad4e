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

  it('gives each database a scale-to-zero minimum unless one is set', () => {
    expect(getService('users').database).toEqual({ minCapacityAcu: 0, maxCapacityAcu: 2 });
    const sized = parseServiceCatalog({
      ...serviceCatalog,
      services: [{ ...getService('users'), database: { minCapacityAcu: 0.5, maxCapacityAcu: 4 } }],
    });
    expect(sized.services[0].database).toEqual({ minCapacityAcu: 0.5, maxCapacityAcu: 4 });
  });

  it('rejects a database whose minimum exceeds its maximum, or capacity off the 0.5 ACU steps', () => {
    const users = getService('users');
    const withDatabase = (database: unknown) => ({ ...serviceCatalog, services: [{ ...users, database }] });
    expect(() => parseServiceCatalog(withDatabase({ minCapacityAcu: 4, maxCapacityAcu: 2 }))).toThrow(
      /minCapacityAcu must not exceed maxCapacityAcu/,
    );
    expect(() => parseServiceCatalog(withDatabase({ maxCapacityAcu: 1.3 }))).toThrow(/database\.maxCapacityAcu/);
  });
});
