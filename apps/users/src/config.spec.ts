import { ConfigError } from '@forum/service-kit';
import { loadConfig } from './config';

describe('users loadConfig', () => {
  it('defaults to port 3000 with seed data', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', SEED_DATA: true });
  });

  it('names every bad variable, its own and the base ones', () => {
    expect(() => loadConfig({ SEED_DATA: 'no', PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ SEED_DATA: 'no', PORT: 'x' })).toThrow(/PORT:[\s\S]*SEED_DATA:/);
  });
});
