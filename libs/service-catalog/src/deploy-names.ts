import projectSettings from './project-settings.json';
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

/** The names one deployment of the project gives AWS resources, all derived from the project's name. */
export interface DeployNames {
  /** The project's name (`forum`): the ECS cluster, the prefix of repositories, task families and stacks. */
  readonly project: string;
  /** The ECS cluster every service and the gateway run in: the project's name. */
  readonly clusterName: string;
  /** ECR repository of one deployable image (a service or the gateway): `<project>/<name>`. */
  repositoryName(name: string): string;
  /** ECS task definition family of one deployable: `<project>-<name>`. */
  taskFamily(name: string): string;
  /** CloudFormation stack id: `Forum` + `Network` for project `forum`, `MyShopUsers` for `my-shop` and `Users`. */
  stackId(suffix: string): string;
}

const projectName = /^[a-z][a-z0-9-]{0,20}$/;

/** The deploy names of a project called `project`; the project's own come from `src/project-settings.json`. */
export function deployNamesFor(project: string): DeployNames {
  if (!projectName.test(project)) {
    throw new Error(`project name "${project}" must be lower-case letters, digits and dashes, starting with a letter, at most 21`);
  }
  const pascal = project
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return {
    project,
    clusterName: project,
    repositoryName: (name) => `${project}/${checked(name, 'repositoryName')}`,
    taskFamily: (name) => `${project}-${checked(name, 'taskFamily')}`,
    stackId: (suffix) => `${pascal}${suffix}`,
  };
}

/** This project's deploy names, from its one setting (`name` in `src/project-settings.json`). */
export const deployNames: DeployNames = deployNamesFor(projectSettings.name);

/** The ECS cluster every service and the gateway run in. */
export const CLUSTER_NAME = deployNames.clusterName;

/** ECR repository of one deployable image (a catalog service or the gateway): `<project>/<name>`. */
export function repositoryName(name: string): string {
  return deployNames.repositoryName(name);
}

/** ECS task definition family of one deployable: `<project>-<name>`. */
export function taskFamily(name: string): string {
  return deployNames.taskFamily(name);
}

/**
 * The gateway's `GATEWAY_SERVICES` value, `name:port:routePrefix` per service, comma-separated, the format the
 * nginx config renderer parses. Pass the catalog's services (or a subset, e.g. a local stack running fewer).
 */
export function gatewayServicesValue(services: readonly ServiceDefinition[]): string {
  if (services.length === 0) throw new Error('gatewayServicesValue: the gateway needs at least one service to route');
  return services.map((s) => `${checked(s.name, 'gatewayServicesValue')}:${s.port}:${s.routePrefix}`).join(',');
}
