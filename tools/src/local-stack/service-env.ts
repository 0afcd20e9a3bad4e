import type { ServiceDefinition } from '@forum/service-catalog';

/** Where the stand-in the instances discover each other through listens. */
export interface DiscoveryEnv {
  endpoint: string;
  namespace: string;
}

/**
 * The environment one instance starts with: what the ECS task definition would give it, with the local stand-in in
 * place of Cloud Map. Services ignore what they do not read, so one block serves all of them.
 */
export function serviceEnv(service: ServiceDefinition, host: string, discovery: DiscoveryEnv): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    HOST: host,
    PORT: String(service.port),
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    SHUTDOWN_TIMEOUT_MS: '10000',
    SERVICE_NAME: service.name,
    DISCOVERY_BACKEND: 'cloudmap',
    DISCOVERY_NAMESPACE: discovery.namespace,
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: discovery.endpoint,
    AWS_REGION: 'us-east-1',
    // The stand-in ignores signatures; the SDK still wants credentials to sign with.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}
