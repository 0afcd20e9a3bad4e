import type { AddressInfo } from 'node:net';
import { createApiServer } from './api/api-server';
import { startDnsServer } from './dns/dns-server';
import { CloudMapRegistry, type RegistryChange } from './registry/cloud-map-registry';

/** How to start the local Cloud Map stand-in. */
export interface CloudMapLocalOptions {
  /** Address the API (HTTP) and DNS (UDP and TCP) listen on; 127.0.0.1 when omitted. */
  host?: string;
  /** API port; 0 or omitted picks any free port. */
  apiPort?: number;
  /** DNS port (UDP and TCP); 0 or omitted picks any free port. */
  dnsPort?: number;
  /** The private DNS namespace, e.g. `forum.local`. */
  namespace: string;
  /** Services created at start; any other name is `ServiceNotFound` / NXDOMAIN. */
  services: readonly string[];
  /** TTL on A and SRV answers; 10 seconds when omitted. */
  dnsTtlSeconds?: number;
  /** Receives registration changes and lifecycle events; silent when omitted. */
  log?: (entry: Record<string, unknown>, msg: string) => void;
}

/** A running stand-in: where to send API calls and DNS queries, and how to stop it. */
export interface CloudMapLocal {
  /** API endpoint for the SDK (`endpoint` option or `AWS_ENDPOINT_URL_SERVICEDISCOVERY`). */
  endpoint: string;
  host: string;
  dnsPort: number;
  namespace: string;
  /** Stops both servers; pending connections are dropped. */
  close(): Promise<void>;
}

const DEFAULT_TTL_SECONDS = 10;

/**
 * Starts a local stand-in for AWS Cloud Map: the service discovery API over AWS JSON 1.1 and DNS
 * for the namespace, both backed by one registry so a registration shows in both at once.
 */
export async function startCloudMapLocal(options: CloudMapLocalOptions): Promise<CloudMapLocal> {
  const host = options.host ?? '127.0.0.1';
  const ttl = options.dnsTtlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`dnsTtlSeconds must be a whole number of seconds >= 0, got ${ttl}`);
  if (options.services.length === 0) throw new Error('services must name at least one service');
  const log = options.log ?? (() => undefined);
  const registry = new CloudMapRegistry(options.namespace, options.services, (change) => log(...describe(change)));

  const dns = await startDnsServer(registry, host, options.dnsPort ?? 0, ttl);
  const api = createApiServer({ registry, dnsTtlSeconds: ttl });
  try {
    await new Promise<void>((resolve, reject) => {
      api.once('error', reject);
      api.listen(options.apiPort ?? 0, host, () => resolve());
    });
  } catch (err) {
    await dns.close();
    throw err;
  }
  const { port } = api.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  log({ endpoint, dns: `${host}:${dns.port}`, namespace: registry.namespace.name, services: registry.services().map((s) => s.name) }, 'cloud map stand-in listening');

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    host,
    dnsPort: dns.port,
    namespace: registry.namespace.name,
    close: () =>
      (closing ??= Promise.all([
        new Promise<void>((resolve) => {
          api.close(() => resolve());
          api.closeAllConnections();
        }),
        dns.close(),
      ]).then(() => undefined)),
  };
}

function describe(change: RegistryChange): [Record<string, unknown>, string] {
  const { instance } = change;
  return [
    { service: change.service, instanceId: instance.id, ipv4: instance.ipv4, port: instance.port },
    change.kind === 'registered' ? 'instance registered' : 'instance deregistered',
  ];
}
