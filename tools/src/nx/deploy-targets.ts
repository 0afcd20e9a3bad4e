import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodes, TargetConfiguration } from '@nx/devkit';
import { GATEWAY_NAME } from '@forum/service-catalog';
import { listDeployables } from '../deploy/deployables';

const CLI = 'npx tsx --tsconfig tsconfig.base.json tools/src/deploy/cli.ts';

/**
 * Flags every step gets. Region and account come from the environment so CI (OIDC) and laptops set them once; the
 * tag is the commit being deployed; NX_BASE (read by `nx affected` too) lets the step skip a project whose production
 * files did not change since the last deploy, e.g. when only its README did. DEPLOY_ENGINE picks docker or podman
 * (unset: docker with buildx if it works, else podman).
 */
function stepCommand(step: string, name: string): string {
  return [
    `${CLI} ${step}`,
    `--service=${name}`,
    '--tag="$(git rev-parse HEAD)"',
    '--region="${AWS_REGION:-}"',
    '--account="${AWS_ACCOUNT_ID:-}"',
    '--base="${NX_BASE:-}"',
    '--engine="${DEPLOY_ENGINE:-}"',
  ].join(' ');
}

function step(command: string, dependsOn: TargetConfiguration['dependsOn'], description: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    cache: false,
    dependsOn,
    metadata: { description },
    options: { command, cwd: '{workspaceRoot}' },
  };
}

/** The three chained deploy targets of one deployable; `-- --dry-run` reaches every step through `params: forward`. */
export function deployTargets(name: string, hasBuild: boolean): Record<string, TargetConfiguration> {
  return {
    'docker-build': step(stepCommand('build', name), hasBuild ? ['build'] : [], `Build the ${name} image for linux/arm64 and linux/amd64`),
    'docker-push': step(stepCommand('push', name), [{ target: 'docker-build', params: 'forward' }], `Push the ${name} image to ECR`),
    deploy: step(stepCommand('rollout', name), [{ target: 'docker-push', params: 'forward' }], `Roll the ${name} ECS service out to the new image`),
  };
}

/**
 * Infers `docker-build` → `docker-push` → `deploy` for every catalog service and the gateway, found by project name,
 * so a new catalog entry gets deploy targets without touching its project.json. Services get their `build` from the
 * webpack plugin; the gateway image needs no build step unless its project.json declares one.
 */
export const createNodes: CreateNodes = [
  '**/project.json',
  (files, _options, context) => {
    const names = new Set(listDeployables().map((d) => d.name));
    const results: Array<readonly [string, { projects: Record<string, { targets: Record<string, TargetConfiguration> }> }]> = [];
    for (const file of files) {
      const project = JSON.parse(readFileSync(join(context.workspaceRoot, file), 'utf8')) as { name?: string; targets?: Record<string, unknown> };
      if (!project.name || !names.has(project.name)) continue;
      const isService = project.name !== GATEWAY_NAME;
      const hasBuild = isService || Boolean(project.targets?.build);
      results.push([file, { projects: { [dirname(file)]: { targets: deployTargets(project.name, hasBuild) } } }]);
    }
    return results;
  },
];
