import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeployContext } from '../deploy-context';
import { DeployInputError } from '../deploy-errors';
import { GATEWAY_NAME } from '@forum/service-catalog';
import { pickEngine, prepareImageStep } from './image-step';

/**
 * `build`: one multi-platform image (linux/arm64 for Graviton Fargate, linux/amd64) tagged with its ECR name.
 * docker uses buildx and `--load` (needs the containerd image store for multi-platform images, the default in
 * Docker Desktop and Docker Engine 29); podman builds a manifest list under the same name.
 */
export async function buildCommand(argv: readonly string[], ctx: DeployContext): Promise<void> {
  const step = await prepareImageStep('build', argv, ctx);
  if (!step) return;
  const { flags, uri, runner } = step;
  const { target } = flags;
  if (!flags.dryRun && target.name !== GATEWAY_NAME && !existsSync(join(ctx.cwd, 'dist/apps', target.name, 'main.js'))) {
    throw new DeployInputError(`dist/apps/${target.name}/main.js is missing; run nx build ${target.name} first`);
  }
  const engine = pickEngine(flags, ctx);
  const platform = flags.platforms.join(',');
  const common = ['--platform', platform, '--file', target.dockerfile, '--label', `org.opencontainers.image.revision=${flags.tag}`];
  if (engine === 'docker') {
    await runner.run('docker', ['buildx', 'build', ...common, '--tag', uri, '--load', target.context]);
  } else {
    // A manifest list with this name from an earlier build would gain duplicate entries, so start from none.
    await runner.run('podman', ['manifest', 'rm', uri], { allowFailure: true });
    await runner.run('podman', ['build', ...common, '--manifest', uri, target.context]);
  }
  if (!flags.dryRun) ctx.print(`${target.name}: built ${uri} for ${platform}`);
}
