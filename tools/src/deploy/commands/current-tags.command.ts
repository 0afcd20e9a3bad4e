import type { DeployContext } from '../deploy-context';
import { parseInfraFlags } from '../deploy-flags';
import { listDeployables } from '../deployables';
import { readRunningTags } from '../running-tags';

/** `current-tags`: prints `<name>=<tag>` for every deployable, as ECS runs it now. */
export async function currentTagsCommand(argv: readonly string[], ctx: DeployContext): Promise<void> {
  const flags = parseInfraFlags(argv, 'current-tags');
  const targets = listDeployables();
  if (flags.dryRun) {
    ctx.print(`[dry-run] would call ECS DescribeServices cluster=${flags.cluster} services=${targets.map((t) => t.name).join(',')}`);
    ctx.print('[dry-run] would call ECS DescribeTaskDefinition for each active service and read its container image tag');
    return;
  }
  const tags = await readRunningTags(ctx.aws(flags.region).ecs, flags.cluster, targets);
  for (const [name, tag] of tags) ctx.print(`${name}=${tag ?? '(not deployed)'}`);
}
