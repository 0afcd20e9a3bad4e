import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { DeployInputError } from './deploy-errors';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects: ECS sets them itself. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/**
 * The RegisterTaskDefinition input for a revision whose ONLY change is `containerName`'s image; everything else
 * (CPU, memory, roles, env, secrets, logging, health check, tags) is copied as CDK left it.
 * Returns undefined when that container already runs `image`.
 */
export function revisionWithImage(
  current: TaskDefinition,
  tags: readonly Tag[] | undefined,
  containerName: string,
  image: string,
): RegisterTaskDefinitionCommandInput | undefined {
  const containers = current.containerDefinitions ?? [];
  const target = containers.find((c) => c.name === containerName);
  if (!target) {
    const names = containers.map((c) => c.name).join(', ') || 'none';
    throw new DeployInputError(`task definition ${current.taskDefinitionArn} has no container "${containerName}" (has: ${names})`);
  }
  if (target.image === image) return undefined;
  const copy: Record<string, unknown> = { ...current };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  return {
    ...(copy as unknown as RegisterTaskDefinitionCommandInput),
    containerDefinitions: containers.map((c) => (c.name === containerName ? { ...c, image } : c)),
    ...(tags && tags.length > 0 ? { tags: [...tags] } : {}),
  };
}
