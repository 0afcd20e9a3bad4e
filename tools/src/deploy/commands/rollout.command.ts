import type { DeployContext } from '../deploy-context';
import { rolloutService } from '../service-rollout';
import { prepareImageStep } from './image-step';

/** `rollout`: the `deploy` target; in a dry run it prints the ECS and ECR calls it would make, in order. */
export async function rolloutCommand(argv: readonly string[], ctx: DeployContext): Promise<void> {
  const step = await prepareImageStep('rollout', argv, ctx);
  if (!step) return;
  const { flags, uri } = step;
  const { target, cluster } = flags;
  const request = { target, cluster, tag: flags.tag, uri, timeoutSeconds: flags.timeoutSeconds, pollSeconds: flags.pollSeconds };
  if (flags.dryRun) {
    const p = (line: string) => ctx.print(`[dry-run] ${target.name}: would call ${line}`);
    p(`ECR DescribeImages repositoryName=${target.repository} imageTag=${flags.tag} (fail if the tag is missing)`);
    p(`ECS DescribeServices cluster=${cluster} services=${target.name}`);
    p(`ECS DescribeTaskDefinition taskDefinition=<current revision of ${target.family}> include=TAGS`);
    p(`ECS RegisterTaskDefinition family=${target.family} container=${target.containerName} image=${uri} (every other field copied; skipped if already on this image)`);
    p(`ECS UpdateService cluster=${cluster} service=${target.name} taskDefinition=<new ${target.family} revision> (forceNewDeployment=true if the image is unchanged)`);
    p(`ECS DescribeServices every ${flags.pollSeconds}s until the new deployment is COMPLETED and alone, timeout ${flags.timeoutSeconds}s`);
    ctx.print(
      `[dry-run] ${target.name}: would wait through ECS's bake time too: ECS rolls the deployment back if any of its deployment alarms ` +
        `goes to ALARM, and the rollout then fails naming the alarm (ECS DescribeServiceDeployments says which fired)`,
    );
    return;
  }
  const { ecs, ecr } = ctx.aws(flags.region);
  await rolloutService(request, { ecs, ecr, print: ctx.print, sleep: ctx.sleep, now: ctx.now });
}
