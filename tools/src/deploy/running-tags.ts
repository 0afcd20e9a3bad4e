import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { Deployable } from './deployables';
import { tagOfImage } from './image-uri';

/** DescribeServices accepts at most this many names per call. */
const DESCRIBE_LIMIT = 10;

/**
 * The image tag each deployable's ECS service runs now (undefined: no active service yet, or pinned by digest).
 * The deploy tooling owns which image runs, so an infra deploy must pass these back to CDK or it would roll back.
 */
export async function readRunningTags(ecs: ECSClient, cluster: string, targets: readonly Deployable[]): Promise<Map<string, string | undefined>> {
  const tags = new Map<string, string | undefined>(targets.map((t) => [t.name, undefined]));
  for (let i = 0; i < targets.length; i += DESCRIBE_LIMIT) {
    const batch = targets.slice(i, i + DESCRIBE_LIMIT);
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: batch.map((t) => t.name) }));
    for (const service of out.services ?? []) {
      const target = batch.find((t) => t.name === service.serviceName);
      if (!target || service.status !== 'ACTIVE' || !service.taskDefinition) continue;
      const td = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }));
      const image = td.taskDefinition?.containerDefinitions?.find((c) => c.name === target.containerName)?.image;
      tags.set(target.name, image ? tagOfImage(image) : undefined);
    }
  }
  return tags;
}
