import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveEnv } from '../../src/local-stack/serve';
import { postgresDir } from '../../src/local-stack/stack-postgres';

describe('npx nx serve <service>', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'local-stack-serve-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const runningStack = () => {
    writeFileSync(
      join(stateDir, 'state.json'),
      JSON.stringify({
        gateway: { url: 'http://localhost:8080' },
        cloudMap: { endpoint: 'http://127.0.0.1:40123', dnsPort: 40124, namespace: 'forum.local' },
        postgres: { host: '127.0.0.1', port: 45432, pid: 1, dir: postgresDir(stateDir), databases: ['users'] },
        instances: [],
      }),
    );
    mkdirSync(postgresDir(stateDir), { recursive: true });
    writeFileSync(join(postgresDir(stateDir), 'credentials.json'), JSON.stringify({ superuserPassword: 'x', services: { users: 'pw' } }));
  };

  it("points the service at the running stack's Cloud Map and its own database, on the port it was given", () => {
    runningStack();
    expect(serveEnv(stateDir, 'users', 3101)).toMatchObject({
      HOST: '127.0.0.1',
      PORT: '3101',
      DISCOVERY_BACKEND: 'cloudmap',
      DISCOVERY_NAMESPACE: 'forum.local',
      AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:40123',
      STORAGE: 'postgres',
      PGHOST: '127.0.0.1',
      PGPORT: '45432',
      PGDATABASE: 'users',
      PGUSER: 'users',
      PGPASSWORD: 'pw',
    });
  });

  it('says what to start first when no stack runs', () => {
    expect(() => serveEnv(stateDir, 'users', 3101)).toThrow(/no local stack is running .*start one with npm start in another terminal/);
  });

  it('refuses a name that is not a service', () => {
    runningStack();
    expect(() => serveEnv(stateDir, 'comments', 3101)).toThrow(/Unknown service "comments"/);
  });
});
