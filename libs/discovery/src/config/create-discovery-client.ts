import type { ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { CloudMapBackend } from '../backends/cloud-map-backend';
import { DnsBackend } from '../backends/dns-backend';
import { StaticBackend } from '../backends/static-backend';
import { DiscoveryClient, type DiscoveryClientOptions } from '../discovery-client';
import type { DiscoveryBackend } from '../service-instance';
import type { DiscoveryConfig } from './discovery-config';

/** What a service adds to its config when creating the client. */
export type DiscoveryExtras = Pick<DiscoveryClientOptions, 'requestIdProvider' | 'traceHeadersProvider' | 'logger' | 'dispatcher'> & {
  /** Extra AWS SDK settings for the Cloud Map backend (region, credentials); the SDK chain otherwise. */
  readonly cloudMapClientConfig?: ServiceDiscoveryClientConfig;
};

/** Builds the backend a config asks for. */
export function createDiscoveryBackend(config: DiscoveryConfig, extras: Pick<DiscoveryExtras, 'cloudMapClientConfig'> = {}): DiscoveryBackend {
  const { backend, defaultPort, timeoutMs } = config;
  switch (backend.kind) {
    case 'static':
      return new StaticBackend(backend.instances);
    case 'dns':
      return new DnsBackend({ namespace: backend.namespace, servers: backend.servers, defaultPort, timeoutMs });
    case 'cloudmap':
      return new CloudMapBackend({ namespace: backend.namespace, endpoint: backend.endpoint, defaultPort, timeoutMs, clientConfig: extras.cloudMapClientConfig });
  }
}

/** Builds a discovery client from config; the one call a service's bootstrap needs. */
export function createDiscoveryClient(config: DiscoveryConfig, extras: DiscoveryExtras = {}): DiscoveryClient {
  return new DiscoveryClient({
    backend: createDiscoveryBackend(config, extras),
    cacheTtlMs: config.cacheTtlMs,
    staleMs: config.staleMs,
    timeoutMs: config.timeoutMs,
    ejectMs: config.ejectMs,
    requestIdProvider: extras.requestIdProvider,
    traceHeadersProvider: extras.traceHeadersProvider,
    logger: extras.logger,
    dispatcher: extras.dispatcher,
  });
}
