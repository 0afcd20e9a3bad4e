import type { ServiceDefinition } from './service-catalog';

// The names the CDK app creates and the deploy tooling looks up, in one place: a mismatch would only show at deploy
// time, as a push to a missing repository or a rollout against a missing cluster or task family.

const deployableName = /^[a-z][a-z0-9-]{0,30}$/;

function checked(name: string, what: string): string {
  if (!deployableName.test(name)) throw new Error(`${what}: "${name}" is not a service name (lower-case letters, digits, dashes)`);
  return name;
}

/** Name of the nginx gateway: Nx project, image, ECS service, container and Cloud Map service (not a catalog entry). */
export const GATEWAY_NAME = 'gateway';

/** The ECS cluster every service and the gateway run in. */
export const CLUSTER_NAME = 'forum';

/** ECR repository of one deployable image (a catalog service or the gateway): `forum/<name>`. */
export function repositoryName(name: string): string {
  return `forum/${checked(name, 'repositoryName')}`;
}

/** ECS task definition family of one deployable: `forum-<name>`. */
export function taskFamily(name: string): string {
  return `forum-${checked(name, 'taskFamily')}`;
}

/**
 * The gateway's `GATEWAY_SERVICES` value, `name:port:routePrefix` per service, comma-separated, the format the
 * nginx config renderer parses. Pass the catalog's services (or a subset, e.g. a local stack running fewer).
 */
export function gatewayServicesValue(services: readonly ServiceDefinition[]): string {
  if (services.length === 0) throw new Error('gatewayServicesValue: the gateway needs at least one service to route');
  return services.map((s) => `${checked(s.name, 'gatewayServicesValue')}:${s.port}:${s.routePrefix}`).join(',');
}
