import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getService, loadServiceCatalog, parseServiceCatalog, serviceCatalog, WORKSPACE_ROOT } from './service-catalog';

const users = () => {
  const { routePrefix: _derived, ...manifest } = getService('users');
  return manifest;
};

describe('service catalog', () => {
  it('assembles every apps/<name>/service.json, callees before their callers', () => {
    const names = serviceCatalog.services.map((s) => s.name);
    const folders = readdirSync(join(WORKSPACE_ROOT, 'apps')).filter((d) => existsSync(join(WORKSPACE_ROOT, 'apps', d, 'service.json')));
    expect([...names].sort()).toEqual(folders.sort());
    expect(names).toEqual(expect.arrayContaining(['users', 'threads', 'posts']));
    for (const [index, service] of serviceCatalog.services.entries()) {
      for (const callee of service.calls) expect(names.indexOf(callee)).toBeLessThan(index);
    }
    expect(serviceCatalog.namespace).toBe('forum.local');
  });

  it('records who calls whom and derives each route prefix from the name', () => {
    expect(getService('posts').calls).toEqual(['users', 'threads']);
    expect(getService('users').calls).toEqual([]);
    expect(getService('threads').routePrefix).toBe('/api/threads');
  });

  it('rejects an unknown service name with the known ones', () => {
    const known = serviceCatalog.services.map((s) => s.name).join(', ');
    expect(() => getService('comments')).toThrow(`Unknown service "comments"; known services: ${known}`);
  });

  it('rejects a service that calls a service that is not listed', () => {
    const broken = { ...serviceCatalog, services: [{ ...getService('posts'), calls: ['likes'] }] };
    expect(() => parseServiceCatalog(broken)).toThrow('service "posts" calls unknown service "likes"');
  });

  it('names every problem in one message: a duplicate, bad counts and a misspelt field', () => {
    const broken = { ...serviceCatalog, services: [users(), users(), { ...users(), name: 'tags', minCount: 5, maxcount: 3 }] };
    let message = '';
    try {
      parseServiceCatalog(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/minCount <= desiredCount/);
    expect(message).toMatch(/Unrecognized key: "maxcount"/);
    expect(message).toMatch(/service "users" is listed twice/);
  });

  it('gives each database a scale-to-zero minimum unless one is set', () => {
    expect(getService('users').database).toEqual({ minCapacityAcu: 0, maxCapacityAcu: 2 });
    const sized = parseServiceCatalog({ ...serviceCatalog, services: [{ ...users(), database: { minCapacityAcu: 0.5, maxCapacityAcu: 4 } }] });
    expect(sized.services[0].database).toEqual({ minCapacityAcu: 0.5, maxCapacityAcu: 4 });
  });

  it('rejects a database whose minimum exceeds its maximum, or capacity off the 0.5 ACU steps', () => {
    const withDatabase = (database: unknown) => ({ ...serviceCatalog, services: [{ ...users(), database }] });
    expect(() => parseServiceCatalog(withDatabase({ minCapacityAcu: 4, maxCapacityAcu: 2 }))).toThrow(/minCapacityAcu must not exceed maxCapacityAcu/);
    expect(() => parseServiceCatalog(withDatabase({ maxCapacityAcu: 1.3 }))).toThrow(/database\.maxCapacityAcu/);
  });

  it("gives every service the default alarm thresholds, and takes a manifest's own field by field", () => {
    expect(getService('users').alarms).toEqual({ errorRatePercent: 5, p99LatencyMs: 1000 });
    const tuned = parseServiceCatalog({ ...serviceCatalog, services: [{ ...users(), alarms: { p99LatencyMs: 250 } }] });
    expect(tuned.services[0].alarms).toEqual({ errorRatePercent: 5, p99LatencyMs: 250 });
    const both = parseServiceCatalog({ ...serviceCatalog, services: [{ ...users(), alarms: { errorRatePercent: 0.5, p99LatencyMs: 2000 } }] });
    expect(both.services[0].alarms).toEqual({ errorRatePercent: 0.5, p99LatencyMs: 2000 });
  });

  it('rejects alarm thresholds no alarm could use, and a misspelt one', () => {
    const withAlarms = (alarms: unknown) => ({ ...serviceCatalog, services: [{ ...users(), alarms }] });
    expect(() => parseServiceCatalog(withAlarms({ errorRatePercent: 0 }))).toThrow(/alarms\.errorRatePercent/);
    expect(() => parseServiceCatalog(withAlarms({ errorRatePercent: 101 }))).toThrow(/alarms\.errorRatePercent/);
    expect(() => parseServiceCatalog(withAlarms({ p99LatencyMs: 0.5 }))).toThrow(/alarms\.p99LatencyMs/);
    expect(() => parseServiceCatalog(withAlarms({ p99LatencyMS: 500 }))).toThrow(/Unrecognized key: "p99LatencyMS"/);
  });

  describe('loadServiceCatalog', () => {
    let root: string;
    const write = (name: string, manifest: object) => {
      mkdirSync(join(root, 'apps', name), { recursive: true });
      writeFileSync(join(root, 'apps', name, 'service.json'), JSON.stringify(manifest));
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'catalog-'));
      mkdirSync(join(root, 'apps', 'users-e2e'), { recursive: true });
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('reads the folders that hold a service.json and skips the rest', () => {
      write('users', users());
      write('tags', { ...users(), name: 'tags', calls: ['users'] });
      expect(loadServiceCatalog(root).services.map((s) => s.name)).toEqual(['users', 'tags']);
    });

    it('refuses a manifest named differently from its folder, or one that sets the derived route prefix', () => {
      write('users', { ...users(), name: 'people' });
      expect(() => loadServiceCatalog(root)).toThrow('apps/users/service.json: name must be "users", its folder');
      write('users', { ...users(), routePrefix: '/api/people' });
      expect(() => loadServiceCatalog(root)).toThrow('routePrefix is always /api/<name>; remove it');
    });
  });
});
