import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The one render script, shared with the image (it runs from /docker-entrypoint.d/ there). */
export const RENDER_SCRIPT = resolve(__dirname, '../../../nginx/docker-entrypoint.d/40-render-gateway-config.sh');

/** Inputs of the render script; each maps to one environment variable documented in nginx/README.md. */
export interface GatewayRenderOptions {
  /** Folder the config is written to (`GATEWAY_CONF_DIR`); nginx's pid and temp files go under `<confDir>/run`. */
  confDir: string;
  /** `GATEWAY_SERVICES`, see {@link gatewayServicesValue}. */
  services: string;
  /** `DISCOVERY_NAMESPACE`. */
  namespace: string;
  /** `NGINX_RESOLVER`, e.g. `127.0.0.1:5300`. */
  resolver: string;
  /** `NGINX_RESOLVER_VALID` in seconds. */
  resolverValidSeconds: number;
  /** `GATEWAY_LISTEN`, e.g. `127.0.0.1:8080`. */
  listen: string;
  /** `GATEWAY_RATE_LIMIT`: `off` or a rate like `50r/s`. */
  rateLimit: string;
  /** `GATEWAY_RATE_LIMIT_BURST`; the script's default when omitted. */
  rateLimitBurst?: number;
  /** `NGINX_ACCESS_LOG`: a file path or `off`. */
  accessLog: string;
  /** `NGINX_WORKER_PROCESSES`; `auto` when omitted. */
  workerProcesses?: number | 'auto';
  /** `GATEWAY_CLIENT_MAX_BODY_SIZE`; the script's default (1m) when omitted. */
  clientMaxBodySize?: string;
}

/** Where a rendered config landed. */
export interface RenderedGateway {
  confDir: string;
  confFile: string;
}

/** Runs the render script with the given settings and resolves once the config files are written. */
export function renderGatewayConfig(options: GatewayRenderOptions): Promise<RenderedGateway> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    GATEWAY_CONF_DIR: options.confDir,
    NGINX_RUNTIME_DIR: join(options.confDir, 'run'),
    GATEWAY_SERVICES: options.services,
    DISCOVERY_NAMESPACE: options.namespace,
    NGINX_RESOLVER: options.resolver,
    NGINX_RESOLVER_VALID: String(options.resolverValidSeconds),
    GATEWAY_LISTEN: options.listen,
    GATEWAY_RATE_LIMIT: options.rateLimit,
    NGINX_ACCESS_LOG: options.accessLog,
    NGINX_WORKER_PROCESSES: String(options.workerProcesses ?? 'auto'),
  };
  if (options.rateLimitBurst !== undefined) env['GATEWAY_RATE_LIMIT_BURST'] = String(options.rateLimitBurst);
  if (options.clientMaxBodySize !== undefined) env['GATEWAY_CLIENT_MAX_BODY_SIZE'] = options.clientMaxBodySize;
  return new Promise((resolvePromise, reject) => {
    execFile('sh', [RENDER_SCRIPT], { env }, (err, _stdout, stderr) => {
      if (err) return reject(new Error(`rendering the gateway config failed: ${stderr.trim() || err.message}`));
      resolvePromise({ confDir: options.confDir, confFile: join(options.confDir, 'nginx.conf') });
    });
  });
}
