import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloudMapLocal, type CloudMapLocal } from '@forum/cloud-map-local';
import { getService, serviceCatalog } from '@forum/service-catalog';
import { gatewayServicesValue } from '@forum/service-catalog';
import { findProgram } from '../gateway/nginx-binary';
import { startNginx, testNginxConfig, type NginxProcess } from '../gateway/nginx-process';
import { renderGatewayConfig } from '../gateway/render-gateway-config';
import { InstanceRegistrar } from '../local-stack/instance-registrar';
import { canListen } from '../local-stack/loopback-addresses';
import { serviceEnv } from '../local-stack/service-env';
import { startServiceProcess, type ServiceProcess } from '../local-stack/service-process';

/** CPU pinning for the measured processes; empty wrappers when the machine has a single core. */
export interface Pinning {
  service: string[];
  gateway: string[];
  loadGenerator: string[];
  description: string;
}

/** Service on the last core, nginx and the load generator on core 0, so wrk never takes the service's CPU. */
export async function choosePinning(): Promise<Pinning> {
  const cores = availableParallelism();
  const taskset = await findProgram('taskset').catch(() => undefined);
  if (cores < 2 || !taskset) return { service: [], gateway: [], loadGenerator: [], description: `not pinned (${cores} core(s), taskset ${taskset ? 'found' : 'missing'})` };
  const last = String(cores - 1);
  return {
    service: [taskset, '-c', last],
    gateway: [taskset, '-c', '0'],
    loadGenerator: [taskset, '-c', '0'],
    description: `users service on CPU ${last}; nginx (1 worker), wrk and the fixed-rate client on CPU 0 (taskset); ${cores} cores`,
  };
}

/** One users instance registered in the stand-in, as the local stack runs it. */
export interface BenchService {
  url: string;
  cloudMap: CloudMapLocal;
  workDir: string;
  close(): Promise<void>;
}

export async function startBenchService(distDir: string, pinning: Pinning, dnsTtlSeconds: number): Promise<BenchService> {
  const users = getService('users');
  const workDir = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const cloudMap = await startCloudMapLocal({ namespace: serviceCatalog.namespace, services: [users.name], dnsTtlSeconds });
  let address = '';
  for (let x = 200; x < 254 && !address; x++) if (await canListen(`127.0.0.${x}`, users.port)) address = `127.0.0.${x}`;
  if (!address) throw new Error(`no free 127.0.0.200-253 address with port ${users.port}`);
  // No per-request log lines: the fastest service is the strictest test of the gateway's share of the work.
  const env = { ...serviceEnv(users, address, { endpoint: cloudMap.endpoint, namespace: cloudMap.namespace }), LOG_LEVEL: 'warn' };
  const url = `http://${address}:${users.port}`;
  const proc: ServiceProcess = await startServiceProcess({
    mainFile: join(distDir, 'users', 'main.js'),
    env,
    logFile: join(workDir, 'users.log'),
    readyUrl: `${url}/ready`,
    wrapper: pinning.service,
  });
  const registrar = new InstanceRegistrar(cloudMap.endpoint);
  await registrar.register({ service: users.name, instanceId: 'users-bench', address, port: users.port });
  return {
    url,
    cloudMap,
    workDir,
    close: async () => {
      registrar.close();
      await proc.stop();
      await cloudMap.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * nginx with the gateway template. `keepaliveUpstream` renders resolve mode and then pins the server to the
 * instance's address without `resolve` (nginx 1.22 lacks it): the keep-alive pool nginx >= 1.27.3 would give.
 */
export async function startBenchGateway(service: BenchService, port: number, pinning: Pinning, keepaliveUpstream: boolean): Promise<NginxProcess> {
  const nginxBin = await findProgram('nginx');
  const confDir = join(service.workDir, keepaliveUpstream ? 'nginx-keepalive' : 'nginx');
  const gateway = await renderGatewayConfig({
    confDir,
    services: gatewayServicesValue([getService('users')]),
    namespace: service.cloudMap.namespace,
    resolver: `${service.cloudMap.host}:${service.cloudMap.dnsPort}`,
    resolverValidSeconds: 5,
    listen: `127.0.0.1:${port}`,
    rateLimit: 'off',
    accessLog: join(service.workDir, 'access.log'),
    workerProcesses: 1,
  });
  if (keepaliveUpstream) {
    const file = join(confDir, 'upstreams.d', 'users.conf');
    const target = new URL(service.url).host;
    await writeFile(join(confDir, 'conf.d', 'users.conf'), (await readFile(join(confDir, 'conf.d', 'users.conf'), 'utf8')).replace(/proxy_pass [^;]+;/, 'proxy_pass http://users_backend;'));
    await writeFile(file, `upstream users_backend {\n    server ${target};\n    keepalive 32;\n    keepalive_timeout 4s;\n}\n`);
  }
  await testNginxConfig(nginxBin, gateway);
  return startNginx({ nginxBin, gateway, errorLogFile: join(service.workDir, 'nginx-error.log'), healthUrl: `http://127.0.0.1:${port}/healthz`, wrapper: pinning.gateway });
}
