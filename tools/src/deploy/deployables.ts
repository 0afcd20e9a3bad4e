import { GATEWAY_NAME, repositoryName, serviceCatalog, taskFamily, type ServiceCatalog } from '@forum/service-catalog';
import { DeployInputError } from './deploy-errors';

/** Everything the deploy tooling needs to know about one image-backed ECS service. */
export interface Deployable {
  /** Nx project name, ECS service name and catalog name. */
  readonly name: string;
  /** ECR repository name, {@link repositoryName} (`forum/<name>`). */
  readonly repository: string;
  /** Container name inside the task definition whose image a rollout replaces. */
  readonly containerName: string;
  /** Task definition family, {@link taskFamily} (`forum-<name>`). */
  readonly family: string;
  /** Dockerfile path relative to the workspace root. */
  readonly dockerfile: string;
  /** Build context relative to the workspace root. */
  readonly context: string;
}

function deployable(name: string, dockerfile: string, context: string): Deployable {
  return { name, repository: repositoryName(name), containerName: name, family: taskFamily(name), dockerfile, context };
}

/**
 * Every deployable, derived from the service catalog plus the gateway, so a new catalog entry is deployable with no
 * edit here. Services build from the workspace root (the root `.dockerignore` lets only `dist/apps/*` build output in);
 * the gateway builds from `nginx/`.
 */
export function listDeployables(catalog: ServiceCatalog = serviceCatalog): readonly Deployable[] {
  return [
    ...catalog.services.map((s) => deployable(s.name, `apps/${s.name}/Dockerfile`, '.')),
    deployable(GATEWAY_NAME, 'nginx/Dockerfile', 'nginx'),
  ];
}

/** Finds a deployable by name or fails with the list of valid names. */
export function findDeployable(name: string, catalog: ServiceCatalog = serviceCatalog): Deployable {
  const all = listDeployables(catalog);
  const found = all.find((d) => d.name === name);
  if (!found) {
    throw new DeployInputError(`unknown service "${name}"; expected one of: ${all.map((d) => d.name).join(', ')}`);
  }
  return found;
}
