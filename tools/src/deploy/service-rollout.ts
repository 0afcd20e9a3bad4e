import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { DeployFailedError, DeployInputError } from './deploy-errors';
import type { Deployable } from './deployables';
import { assertImageTagExists } from './ecr-registry';
import { revisionWithImage } from './task-definition-revision';
import { waitForStableRollout } from './rollout-waiter';
import { alarmList, deploymentAlarmNames } from './deployment-alarms';

/** One rollout request: which service gets which image, and how long to wait. */
export interface RolloutRequest {
  readonly target: Deployable;
  readonly cluster: string;
  readonly tag: string;
  readonly uri: string;
  readonly timeoutSeconds: number;
  readonly pollSeconds: number;
}

/** Side effects of a rollout, injected for tests. */
export interface RolloutEnv {
  readonly ecs: ECSClient;
  readonly ecr: ECRClient;
  readonly print: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * Points the ECS service at the image: checks the tag exists, registers a revision that differs only in the image
 * (or forces a new deployment when the image is unchanged), updates the service and waits until it is stable.
 * Every check that can fail on bad input runs before the first write.
 */
export async function rolloutService(req: RolloutRequest, env: RolloutEnv): Promise<void> {
  const { target, cluster } = req;
  await assertImageTagExists(env.ecr, target.repository, req.tag);
  const described = await env.ecs.send(new DescribeServicesCommand({ cluster, services: [target.name] }));
  const service = described.services?.find((s) => s.serviceName === target.name);
  if (!service || service.status !== 'ACTIVE' || !service.taskDefinition) {
    throw new DeployInputError(`ECS service ${target.name} is not active in cluster ${cluster}; deploy the infra app first`);
  }
  const current = await env.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition, include: ['TAGS'] }));
  if (!current.taskDefinition) throw new DeployFailedError(`${target.name}: DescribeTaskDefinition returned nothing for ${service.taskDefinition}`);
  const revision = revisionWithImage(current.taskDefinition, current.tags, target.containerName, req.uri);

  let update;
  if (revision) {
    const registered = await env.ecs.send(new RegisterTaskDefinitionCommand(revision));
    const arn = registered.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new DeployFailedError(`${target.name}: RegisterTaskDefinition returned no ARN`);
    env.print(`${target.name}: registered ${arn} with image ${req.uri}`);
    update = await env.ecs.send(new UpdateServiceCommand({ cluster, service: target.name, taskDefinition: arn }));
  } else {
    env.print(`${target.name}: already on ${req.uri}; forcing a new deployment`);
    update = await env.ecs.send(new UpdateServiceCommand({ cluster, service: target.name, forceNewDeployment: true }));
  }
  const deploymentId = update.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
  if (!deploymentId) throw new DeployFailedError(`${target.name}: UpdateService did not report the new deployment`);
  const alarms = deploymentAlarmNames(service);
  const onAlarm = service.deploymentConfiguration?.alarms?.rollback ? 'rolls it back' : 'fails it';
  const watch = alarms.length > 0 ? `; ECS ${onAlarm} if ${alarmList(alarms)} goes to ALARM, during the rollout or its bake time` : '';
  env.print(`${target.name}: deployment ${deploymentId} started; waiting up to ${req.timeoutSeconds}s for it to become stable${watch}`);
  await waitForStableRollout(env.ecs, {
    cluster,
    service: target.name,
    deploymentId,
    serviceDeploymentArn: update.service?.currentServiceDeployment,
    timeoutSeconds: req.timeoutSeconds,
    pollSeconds: req.pollSeconds,
    print: env.print,
    sleep: env.sleep,
    now: env.now,
  });
}
