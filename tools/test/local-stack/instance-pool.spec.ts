import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloudMapLocal, type CloudMapLocal } from '@forum/cloud-map-local';
import { getService, type ServiceDefinition } from '@forum/service-catalog';
import { CrashBackoff } from '../../src/local-stack/crash-backoff';
import { InstancePool } from '../../src/local-stack/instance-pool';
import { InstanceRegistrar } from '../../src/local-stack/instance-registrar';
import { LoopbackAddresses } from '../../src/local-stack/loopback-addresses';
import { RecordedProgress } from './support/recorded-progress';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A stand-in service: ready at once, or, while `broken` lies beside it, dying at start with a pino-shaped line.
const FAKE_SERVICE = `
const fs = require('node:fs');
const path = require('node:path');
if (fs.existsSync(path.join(__dirname, 'broken'))) {
  console.log(JSON.stringify({ level: 50, msg: 'invalid configuration', err: { message: 'PGHOST is missing' } }));
  process.exit(1);
}
require('node:http').createServer((req, res) => res.end('{}')).listen(Number(process.env.PORT), process.env.HOST);
`;

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('instance pool: crashed instances are replaced the ECS way', () => {
  const service: ServiceDefinition = { ...getService('users'), port: 20000 + Math.floor(Math.random() * 20000) };
  let dir: string;
  let cloudMap: CloudMapLocal;
  let registrar: InstanceRegistrar;
  let pool: InstancePool;
  let progress: RecordedProgress;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instance-pool-'));
    await mkdir(join(dir, 'dist', service.name), { recursive: true });
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'dist', service.name, 'main.js'), FAKE_SERVICE);
    cloudMap = await startCloudMapLocal({ namespace: 'forum.local', services: [service.name], dnsTtlSeconds: 1 });
    registrar = new InstanceRegistrar(cloudMap.endpoint);
    progress = new RecordedProgress();
    pool = new InstancePool({
      registrar,
      addresses: new LoopbackAddresses(dir),
      discovery: { endpoint: cloudMap.endpoint, namespace: cloudMap.namespace },
      databases: new Map(),
      services: [service],
      progress,
      distDir: join(dir, 'dist'),
      logDir: join(dir, 'logs'),
      dnsTtlSeconds: 1,
      crashDeregisterDelaySeconds: 0,
      onChange: async () => undefined,
      backoff: new CrashBackoff({ firstMs: 100, maxMs: 400, stableMs: 60_000 }),
    });
  }, 30_000);
  afterEach(async () => {
    await pool.stopAll();
    registrar.close();
    await cloudMap.close();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('starts a replacement on a new address when an instance is killed, and says so', async () => {
    const first = await pool.add(service);
    process.kill(first.pid, 'SIGKILL');
    await until('a replacement', () => pool.instances().some((i) => i.instanceId !== first.instanceId));
    const [replacement] = pool.instances();
    expect(pool.instances()).toHaveLength(1);
    expect(replacement.address).not.toBe(first.address);
    expect(progress.lines).toContain(`${first.instanceId} crashed: starting a replacement, as an ECS service does`);
    expect(progress.lines).toContain(`${replacement.instanceId} ready on http://${replacement.address}:${service.port} (pid ${replacement.pid}), registered`);
  }, 30_000);

  it('backs off while the replacement keeps failing at start, says why, and recovers once it can start', async () => {
    const first = await pool.add(service);
    await writeFile(join(dir, 'dist', service.name, 'broken'), '');
    process.kill(first.pid, 'SIGKILL');
    await until('three failed starts', () => progress.lines.filter((l) => l.includes('did not start')).length >= 3);
    const failures = progress.lines.filter((l) => l.includes('did not start'));
    expect(failures[0]).toMatch(/exited \(code 1\) before .* answered; it said: invalid configuration: PGHOST is missing; see /);
    // The wait doubles with each failure in a row (0.1 s, 0.2 s, 0.4 s), capped.
    const waits = progress.lines.filter((l) => l.includes('times in a row')).slice(0, 3);
    expect(waits).toEqual([
      `warning: ${service.name} failed 2 times in a row; next instance in 0.1s`,
      `warning: ${service.name} failed 3 times in a row; next instance in 0.2s`,
      `warning: ${service.name} failed 4 times in a row; next instance in 0.4s`,
    ]);
    await rm(join(dir, 'dist', service.name, 'broken'));
    await until('a working replacement', () => pool.instances().length === 1);
  }, 30_000);

  it('restarts a service whose only instance crashed without waiting out the backoff', async () => {
    const first = await pool.add(service);
    await writeFile(join(dir, 'dist', service.name, 'broken'), '');
    process.kill(first.pid, 'SIGKILL');
    await until('a failed start', () => progress.lines.some((l) => l.includes('did not start')));
    await rm(join(dir, 'dist', service.name, 'broken'));
    const result = await pool.restart(service.name);
    expect(result).toMatchObject({ stopped: service.name, oldAddress: 'not running' });
    expect(pool.instances().map((i) => i.instanceId)).toEqual([result['started']]);
    // The replacement the backoff was waiting to start is no longer owed.
    await sleep(1_000);
    expect(pool.instances()).toHaveLength(1);
  }, 30_000);
});
