import type { ServiceDatabaseLogin } from '@forum/postgres-local';
import type { ServiceDefinition } from '@forum/service-catalog';

/** Where the stand-in the instances discover each other through listens. */
export interface DiscoveryEnv {
  endpoint: string;
  namespace: string;
}

/**
 * The environment one instance starts with: what the ECS task definition would give it, with the local stand-in in
 * place of Cloud Map and the local PostgreSQL in place of Aurora. `database` is the service's own login only (its
 * task gets only its own secret on AWS); a service without one keeps its rows in memory.
 */
export function serviceEnv(service: ServiceDefinition, host: string, discovery: DiscoveryEnv, database?: ServiceDatabaseLogin): Record<string, string> {
  return {
    ...databaseEnv(database),
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

function databaseEnv(login: ServiceDatabaseLogin | undefined): Record<string, string> {
  if (!login) return { STORAGE: 'memory' };
  return {
    STORAGE: 'postgres',
    PGHOST: login.host,
    PGPORT: String(login.port),
    PGDATABASE: login.database,
    PGUSER: login.user,
    PGPASSWORD: login.password,
    DB_SSL: 'disable',
    // A fresh local database should have something to look at; the services seed only empty tables.
    SEED_DATA: 'true',
  };
}
