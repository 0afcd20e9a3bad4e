import { ConfigError } from '@forum/service-kit';
import { loadConfig } from './config';

const login = { PGHOST: 'db', PGDATABASE: 'users', PGUSER: 'users', PGPASSWORD: 'secret' };

describe('users loadConfig', () => {
  it('defaults to port 3000 on PostgreSQL without seed data', () => {
    expect(loadConfig(login)).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', STORAGE: 'postgres', PGPORT: 5432, SEED_DATA: false });
  });

  it('refuses to start without database settings, naming what is missing', () => {
    expect(() => loadConfig({})).toThrow(/STORAGE: postgres needs DATABASE_URL or .*; missing PGHOST, PGDATABASE, PGUSER, PGPASSWORD/);
    expect(loadConfig({ STORAGE: 'memory' })).toMatchObject({ STORAGE: 'memory' });
  });

  it('names every bad variable, its own and the base ones', () => {
    expect(() => loadConfig({ ...login, SEED_DATA: 'no', PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...login, SEED_DATA: 'no', PORT: 'x', DB_POOL_MAX: '0' })).toThrow(/PORT:[\s\S]*SEED_DATA:[\s\S]*DB_POOL_MAX:/);
  });
});
