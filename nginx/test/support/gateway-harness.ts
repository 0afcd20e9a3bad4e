import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DeregisterInstanceCommand,
  ListServicesCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { startCloudMapLocal } from '@forum/cloud-map-local';
import { serviceCatalog } from '@forum/service-catalog';

export const RENDER_SCRIPT = resolve(__dirname, '../../docker-entrypoint.d/40-render-gateway-config.sh');
export const NGINX = process.env['NGINX_BIN'] ?? '/usr/sbin/nginx';

/** Runs the render script with `env`, resolving with its stderr/stdout or rejecting with its message. */
export function render(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    execFile('sh', [RENDER_SCRIPT], { env: { PATH: process.env['PATH'] ?? '', ...env } }, (err, stdout, stderr) =>
      err ? rej(new Error(stderr || err.message)) : res({ stdout, stderr }),
    );
  });
}

/** `nginx -t` on a rendered config folder. */
export function nginxTest(confDir: string): Promise<string> {
  return new Promise((res, rej) => {
    execFile(NGINX, ['-t', '-p', `${confDir}/`, '-c', join(confDir, 'nginx.conf')], (err, _o, stderr) => (err ? rej(new Error(stderr)) : res(stderr)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Real nginx with the rendered template, resolving through the Cloud Map stand-in, for one service port. */
export interface GatewayHarness {
  url: string;
  confDir: string;
  nginxPid: number;
  accessLog(): Promise<Array<Record<string, unknown>>>;
  errorLog(): string;
  register(service: string, instanceId: string, address: string, port: number): Promise<void>;
  deregister(service: string, instanceId: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stand-in and nginx; every catalog service is routed to `servicePort`. */
export async function startGateway(options: { servicePort: number; rateLimit?: string; burst?: number; ttl?: number }): Promise<GatewayHarness> {
  const ttl = options.ttl ?? 1;
  const names = serviceCatalog.services.map((s) => s.name);
  const cloudMap = await startCloudMapLocal({ namespace: serviceCatalog.namespace, services: names, dnsTtlSeconds: ttl });
  const client = new ServiceDiscoveryClient({
    endpoint: cloudMap.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    disableHostPrefix: true,
  });
  const listed = await client.send(new ListServicesCommand({}));
  const ids = new Map((listed.Services ?? []).map((s) => [s.Name as string, s.Id as string]));
  const confDir = await mkdtemp(join(tmpdir(), 'gateway-test-'));
  const port = await freePort();
  await render({
    GATEWAY_CONF_DIR: confDir,
    NGINX_RUNTIME_DIR: join(confDir, 'run'),
    GATEWAY_SERVICES: serviceCatalog.services.map((s) => `${s.name}:${options.servicePort}:${s.routePrefix}`).join(','),
    DISCOVERY_NAMESPACE: serviceCatalog.namespace,
    NGINX_RESOLVER: `${cloudMap.host}:${cloudMap.dnsPort}`,
    NGINX_RESOLVER_VALID: String(ttl),
    GATEWAY_LISTEN: `127.0.0.1:${port}`,
    GATEWAY_RATE_LIMIT: options.rateLimit ?? 'off',
    GATEWAY_RATE_LIMIT_BURST: String(options.burst ?? 0),
    NGINX_ACCESS_LOG: join(confDir, 'access.log'),
    NGINX_WORKER_PROCESSES: '1',
  });
  await nginxTest(confDir);
  let errors = '';
  const nginx = spawn(NGINX, ['-p', `${confDir}/`, '-c', join(confDir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((r) => nginx.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    confDir,
    nginxPid: nginx.pid as number,
    errorLog: () => errors,
    accessLog: async () =>
      (await readFile(join(confDir, 'access.log'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    register: async (service, instanceId, address, instancePort) => {
      await client.send(
        new RegisterInstanceCommand({
          ServiceId: ids.get(service),
          InstanceId: instanceId,
          Attributes: { AWS_INSTANCE_IPV4: address, AWS_INSTANCE_PORT: String(instancePort) },
        }),
      );
    },
    deregister: async (service, instanceId) => {
      await client.send(new DeregisterInstanceCommand({ ServiceId: ids.get(service), InstanceId: instanceId }));
    },
    stop: async () => {
      nginx.kill('SIGTERM');
      await exited;
      client.destroy();
      await cloudMap.close();
      await rm(confDir, { recursive: true, force: true });
    },
  };
}
