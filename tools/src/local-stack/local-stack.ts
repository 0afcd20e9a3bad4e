import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { startCloudMapLocal, type CloudMapLocal } from '@forum/cloud-map-local';
import { getService, type ServiceCatalog } from '@forum/service-catalog';
import { gatewayServicesValue } from '@forum/service-catalog';
import { findProgram } from '../gateway/nginx-binary';
import { startNginx, testNginxConfig, type NginxProcess } from '../gateway/nginx-process';
import { renderGatewayConfig } from '../gateway/render-gateway-config';
import { buildServices } from './build-services';
import type { UpCommand } from './cli-args';
import { assertNoStackRunning, startControlServer } from './control-socket';
import { InstanceOutput } from './instance-output';
import { InstancePool } from './instance-pool';
import { InstanceRegistrar } from './instance-registrar';
import { canListen, LoopbackAddresses } from './loopback-addresses';
import { Progress } from './progress';
import { startStackPostgres } from './stack-postgres';
import { removeStateFile, writeStateFile, type PostgresState } from './state-file';
import { readProjectGraph, serviceSourceRoots, watchServices } from './watch-services';

/**
 * A crashed task stays in Cloud Map until ECS has seen its essential container exit and stopped the task, a few
 * seconds; meanwhile callers still reach its address (refused) and the gateway must retry on another instance.
 */
const CRASH_DEREGISTER_DELAY_SECONDS = 3;

/** The repository root, where `dist/` and `nginx/` live. */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** A started stack; `stop()` deregisters and stops everything it started. */
export interface RunningStack {
  /** Where the stack's PostgreSQL listens (no passwords). */
  readonly postgres: PostgresState;
  stop(): Promise<void>;
  /** Kills whatever is still alive, synchronously; for a runner that is about to exit abnormally. */
  killNow(): void;
}

/**
 * Starts the whole system: builds the services, PostgreSQL with a database per service, the Cloud Map stand-in,
 * instances registered like ECS tasks, and real nginx with the image's config template pointed at the stand-in's DNS.
 */
export async function startLocalStack(cmd: UpCommand, catalog: ServiceCatalog, progress: Progress): Promise<RunningStack> {
  const services = cmd.services.map((name) => getService(name, catalog));
  const stateDir = resolve(cmd.stateDir);
  const logDir = join(stateDir, 'logs');
  await assertNoStackRunning(stateDir);
  // Instance ids restart at <service>-1 each run, so old logs would mix with new ones.
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  if (!(await canListen('127.0.0.1', cmd.gatewayPort))) throw new Error(`port ${cmd.gatewayPort} on 127.0.0.1 is in use; pick another with --gateway-port`);
  const nginxBin = await findProgram('nginx');
  await findProgram('envsubst');

  if (cmd.skipBuild) progress.step('build skipped (--skip-build)');
  else {
    progress.step(`building ${cmd.services.join(', ')} with Nx`);
    await buildServices(WORKSPACE_ROOT, cmd.services);
  }
  const distDir = cmd.distDir ? resolve(cmd.distDir) : join(WORKSPACE_ROOT, 'dist', 'apps');
  for (const s of services) {
    const main = join(distDir, s.name, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing; build the services (run without --skip-build)`);
  }

  const cleanups: Array<() => Promise<void>> = [];
  // Until the Cloud Map stand-in is up there is nothing to write; a PostgreSQL restart before then changes nothing.
  let writeState: () => Promise<void> = async () => undefined;
  let pool: InstancePool | undefined;
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => progress.warn(err.message));
    cleanups.length = 0;
  };
  try {
    // Started first and stopped last: instances drain their requests before their database goes away.
    const database = await startStackPostgres({ stateDir, fresh: cmd.fresh, services, progress, onChange: () => writeState() });
    cleanups.push(async () => {
      progress.step('stopping PostgreSQL');
      await database.stop();
    });

    progress.step('starting the Cloud Map stand-in (API + DNS)');
    const cloudMap: CloudMapLocal = await startCloudMapLocal({ namespace: catalog.namespace, services: cmd.services, dnsTtlSeconds: cmd.dnsTtlSeconds });
    cleanups.push(() => cloudMap.close());
    progress.step(`Cloud Map API ${cloudMap.endpoint}, DNS ${cloudMap.host}:${cloudMap.dnsPort}, namespace ${cloudMap.namespace}`);

    const registrar = new InstanceRegistrar(cloudMap.endpoint);
    cleanups.push(async () => registrar.close());
    const gatewayUrl = `http://localhost:${cmd.gatewayPort}`;
    writeState = () =>
      writeStateFile(stateDir, {
        gateway: { url: gatewayUrl },
        cloudMap: { endpoint: cloudMap.endpoint, dnsPort: cloudMap.dnsPort, namespace: cloudMap.namespace },
        postgres: database.state(),
        instances: pool?.instances() ?? [],
      });
    const activePool = new InstancePool({
      registrar,
      addresses: new LoopbackAddresses(),
      discovery: { endpoint: cloudMap.endpoint, namespace: cloudMap.namespace },
      databases: database.logins,
      output: cmd.quiet ? undefined : new InstanceOutput(),
      progress,
      services,
      distDir,
      logDir,
      dnsTtlSeconds: cmd.dnsTtlSeconds,
      crashDeregisterDelaySeconds: CRASH_DEREGISTER_DELAY_SECONDS,
      onChange: writeState,
    });
    pool = activePool;
    cleanups.push(async () => {
      progress.step('deregistering and stopping service instances');
      await activePool.stopAll();
    });
    cleanups.push(() => removeStateFile(stateDir));

    for (const s of services) {
      for (let i = 0; i < cmd.scale[s.name]; i++) {
        progress.step(`starting ${s.name} instance ${i + 1}/${cmd.scale[s.name]}`);
        await activePool.add(s);
      }
    }

    progress.step(`rendering the gateway config (rate limit ${cmd.rateLimit})`);
    const gateway = await renderGatewayConfig({
      confDir: join(stateDir, 'nginx'),
      services: gatewayServicesValue(services),
      namespace: cloudMap.namespace,
      resolver: `${cloudMap.host}:${cloudMap.dnsPort}`,
      resolverValidSeconds: cmd.dnsTtlSeconds,
      listen: `127.0.0.1:${cmd.gatewayPort}`,
      rateLimit: cmd.rateLimit,
      rateLimitBurst: cmd.rateLimitBurst,
      accessLog: join(logDir, 'gateway-access.log'),
    });
    await testNginxConfig(nginxBin, gateway);
    progress.step(`starting nginx (${nginxBin}) on 127.0.0.1:${cmd.gatewayPort}`);
    const runningNginx: NginxProcess = await startNginx({ nginxBin, gateway, errorLogFile: join(logDir, 'gateway-error.log'), healthUrl: `http://127.0.0.1:${cmd.gatewayPort}/healthz`, detached: true });
    cleanups.push(async () => {
      progress.step('stopping nginx');
      await runningNginx.stop();
    });

    const control: Server = await startControlServer(stateDir, (target) => activePool.restart(target));
    cleanups.push(() => new Promise<void>((r) => control.close(() => r())));
    await writeState();
    if (cmd.watch) {
      progress.step('--watch: reading the Nx project graph to know which files go into which service');
      const roots = serviceSourceRoots(await readProjectGraph(WORKSPACE_ROOT), cmd.services);
      const watcher = watchServices(WORKSPACE_ROOT, roots, (changed, files) => rebuildAndReplace(activePool, changed, files, progress));
      cleanups.push(async () => watcher.close());
    }
    return {
      postgres: database.state(),
      stop,
      killNow: () => {
        activePool.killAllNow();
        runningNginx.kill();
        database.killNow();
      },
    };
  } catch (err) {
    pool?.killAllNow();
    await stop();
    throw err;
  }
}

/** `--watch`: rebuilds the changed services, then replaces their instances one by one, as a rolling ECS deployment. */
async function rebuildAndReplace(pool: InstancePool, services: string[], files: string[], progress: Progress): Promise<void> {
  progress.step(`--watch: ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''} changed; rebuilding ${services.join(', ')}`);
  try {
    await buildServices(WORKSPACE_ROOT, services);
  } catch (err) {
    // Nx has printed the compiler's errors above; the running instances keep serving the last good build.
    progress.warn(`${(err as Error).message}; the running instances keep the last good build`);
    return;
  }
  for (const instance of pool.instances().filter((i) => services.includes(i.service))) {
    try {
      const result = await pool.restart(instance.instanceId);
      progress.step(`--watch: ${result['stopped']} replaced by ${result['started']} (${result['address']}) with the new build`);
    } catch (err) {
      progress.warn(`--watch: could not replace ${instance.instanceId}: ${(err as Error).message}`);
    }
  }
}
