import { decideChange } from '../change-gate';
import type { DeployContext } from '../deploy-context';
import { dryRunRunner } from '../command-runner';
import { parseInfraFlags } from '../deploy-flags';
import { DeployInputError } from '../deploy-errors';
import { listDeployables } from '../deployables';
import { readRunningTags } from '../running-tags';

/**
 * `infra-deploy`: `cdk deploy` with `-c imageTag.<name>=<running tag>` for every deployable, so CDK keeps the images
 * the deploy tooling rolled out instead of reverting them. `--initial-tag` fills services not created yet (the first
 * deploy); arguments after `--` go to cdk. With `--base`, it deploys only when infra's production files or a service's
 * `service.json` changed since.
 */
export async function infraDeployCommand(argv: readonly string[], ctx: DeployContext): Promise<void> {
  const flags = parseInfraFlags(argv);
  // Nx counts infra affected by any change under a service, since it reads every service.json; only a manifest or
  // infra's own production files change what CDK deploys.
  const decision = await decideChange('infra', flags.base, ctx.cwd);
  if (!decision.deploy) {
    ctx.print(`infra: nothing to deploy (${decision.reason})`);
    return;
  }
  const targets = listDeployables();
  let tags: Map<string, string | undefined>;
  if (flags.dryRun) {
    ctx.print(`[dry-run] would call ECS DescribeServices cluster=${flags.cluster} services=${targets.map((t) => t.name).join(',')} and DescribeTaskDefinition for each`);
    tags = new Map(targets.map((t) => [t.name, `<running tag of ${t.name}>`]));
  } else {
    tags = await readRunningTags(ctx.aws(flags.region).ecs, flags.cluster, targets);
  }
  const context: string[] = ['-c', `account=${flags.account}`, '-c', `region=${flags.region}`];
  for (const [name, tag] of tags) {
    const chosen = tag ?? flags.initialTag;
    if (!chosen) throw new DeployInputError(`${name} has no running ECS service to read a tag from; pass --initial-tag <git sha> for the first deploy`);
    context.push('-c', `imageTag.${name}=${chosen}`);
  }
  if (flags.initialTag) context.push('-c', `imageTag=${flags.initialTag}`);
  const runner = flags.dryRun ? dryRunRunner(ctx.print) : ctx.runner;
  await runner.run('npx', ['cdk', 'deploy', '--all', ...context, ...flags.cdkArgs], {
    cwd: 'infra',
    env: { AWS_REGION: flags.region, CDK_DEFAULT_REGION: flags.region, CDK_DEFAULT_ACCOUNT: flags.account },
  });
}
