import { DiscoverInstancesCommand, ServiceDiscoveryClient, type ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { isIPv4 } from 'node:net';
import { UnknownServiceError } from '../errors/discovery-errors';
import { serviceInstance, type DiscoveryBackend, type ServiceInstance } from '../service-instance';

/** Settings of the Cloud Map API backend. */
export interface CloudMapBackendOptions {
  /** Cloud Map namespace name, e.g. `forum.local`. */
  readonly namespace: string;
  /** API endpoint override (the local stand-in); the SDK's regional endpoint when omitted. */
  readonly endpoint?: string;
  /** Port used for an instance registered without `AWS_INSTANCE_PORT`. */
  readonly defaultPort: number;
  /** Connection and response timeout of one API call. */
  readonly timeoutMs: number;
  /** Extra SDK settings (region, credentials, ...); the SDK's default chain fills the rest. */
  readonly clientConfig?: ServiceDiscoveryClientConfig;
}

/** Cloud Map's exception names that mean "this service does not exist", not "Cloud Map is down". */
const NOT_FOUND = new Set(['ServiceNotFound', 'NamespaceNotFound']);
/** DiscoverInstances' maximum page size; a bigger service would be unusual for one caller. */
const MAX_RESULTS = 1000;

/**
 * Finds instances through the Cloud Map `DiscoverInstances` API (healthy instances, or every
 * instance when none is healthy), reading the `AWS_INSTANCE_IPV4` and `AWS_INSTANCE_PORT` attributes
 * that ECS registers for each task.
 */
export class CloudMapBackend implements DiscoveryBackend {
  readonly name = 'cloudmap';
  private readonly client: ServiceDiscoveryClient;

  constructor(private readonly options: CloudMapBackendOptions) {
    this.client = new ServiceDiscoveryClient({
      // Two attempts: the cache serves stale answers on failure, so long SDK retry chains only add latency.
      maxAttempts: 2,
      // Without throwOnRequestTimeout this smithy version only logs a warning when requestTimeout passes
      // and keeps waiting, so an endpoint that accepts but never answers would hold the lookup forever.
      requestHandler: { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs, throwOnRequestTimeout: true },
      // AWS sends DiscoverInstances to a `data-` host prefix; an overridden endpoint has no such host.
      ...(options.endpoint ? { endpoint: options.endpoint, disableHostPrefix: true } : {}),
      ...options.clientConfig,
    });
  }

  async resolve(service: string, signal?: AbortSignal): Promise<readonly ServiceInstance[]> {
    let found;
    try {
      found = await this.client.send(
        new DiscoverInstancesCommand({
          NamespaceName: this.options.namespace,
          ServiceName: service,
          HealthStatus: 'HEALTHY_OR_ELSE_ALL',
          MaxResults: MAX_RESULTS,
        }),
        // The caller's deadline ends the attempt and its retry, releasing the socket.
        signal ? { abortSignal: signal } : undefined,
      );
    } catch (err) {
      if (err instanceof Error && NOT_FOUND.has(err.name)) throw new UnknownServiceError(service, this.name, { cause: err });
      throw err;
    }
    const instances: ServiceInstance[] = [];
    for (const item of found.Instances ?? []) {
      const ip = item.Attributes?.['AWS_INSTANCE_IPV4'];
      // An instance without an IPv4 address (e.g. a Lambda or IPv6-only registration) cannot be called here.
      if (!ip || !isIPv4(ip)) continue;
      const port = Number(item.Attributes?.['AWS_INSTANCE_PORT'] ?? this.options.defaultPort);
      instances.push(serviceInstance(item.InstanceId ?? ip, ip, port));
    }
    return instances;
  }

  close(): void {
    this.client.destroy();
  }
}
