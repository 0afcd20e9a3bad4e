import { DescribeServicesCommand, type Deployment, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { DeployFailedError } from './deploy-errors';
import { alarmList, blamesAlarm, deploymentAlarmNames, describeFiredAlarms } from './deployment-alarms';

/** What to wait for and how. */
export interface WaitOptions {
  readonly cluster: string;
  readonly service: string;
  /** The deployment UpdateService created; its fate decides success. */
  readonly deploymentId: string;
  /** ARN of the same deployment as a service deployment (UpdateService's currentServiceDeployment); used to ask which alarm fired. */
  readonly serviceDeploymentArn?: string;
  readonly timeoutSeconds: number;
  readonly pollSeconds: number;
  readonly print: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

async function describe(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = out.services?.[0];
  if (!found) throw new DeployFailedError(`${service}: service disappeared from cluster ${cluster} during the rollout`);
  return found;
}

/** Events since the rollout started that explain a failure (circuit breaker, alarm, rollback, failed tasks), newest first. */
function failureEvents(service: Service, sinceMs: number): string[] {
  return (service.events ?? [])
    .filter((e) => (e.createdAt?.getTime() ?? 0) >= sinceMs)
    .map((e) => e.message ?? '')
    .filter((m) => /roll(ing|ed)? ?back|circuit breaker|failed|alarm/i.test(m));
}

function progress(d: Deployment, elapsedSeconds: number): string {
  return `${d.rolloutState ?? 'UNKNOWN'} - ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running, ${d.pendingCount ?? 0} pending, ${d.failedTasks ?? 0} failed tasks (${elapsedSeconds}s)`;
}

/**
 * With deployment alarms ECS keeps a deployment IN_PROGRESS for a bake time after the new tasks run and the old ones
 * are gone, and can still roll back during it; it reports COMPLETED only afterwards (developer guide, "How CloudWatch
 * alarms detect Amazon ECS deployment failures").
 */
function baking(ours: Deployment, deployments: readonly Deployment[], alarms: readonly string[]): boolean {
  return (
    alarms.length > 0 &&
    ours.rolloutState === 'IN_PROGRESS' &&
    ours.runningCount === ours.desiredCount &&
    (ours.pendingCount ?? 0) === 0 &&
    deployments.every((d) => d === ours || (d.runningCount ?? 0) === 0)
  );
}

/** The failure message once our deployment failed or was replaced; alarm-triggered rollbacks name the alarm. */
async function failure(ecs: ECSClient, service: Service, ours: Deployment | undefined, options: WaitOptions, started: number): Promise<string> {
  const { service: name, deploymentId } = options;
  const events = failureEvents(service, started);
  const reason = ours?.rolloutStateReason ?? events[0] ?? 'no reason in the service events';
  const rollback = (service.deployments ?? []).find((d) => d.id !== deploymentId && d.status === 'PRIMARY');
  const texts = [ours?.rolloutStateReason ?? '', ...events];
  const alarmReason = texts.find(blamesAlarm);
  if (alarmReason) {
    const fired = await describeFiredAlarms(ecs, deploymentAlarmNames(service), texts.join('\n'), options.serviceDeploymentArn);
    if (!rollback) return `${name}: rollout failed: ${fired} (reason: ${alarmReason}); ECS started no rollback (alarms set to fail only)`;
    const now = rollback.rolloutState === 'COMPLETED' ? `now running ${rollback.taskDefinition}` : `ECS is rolling back to ${rollback.taskDefinition}`;
    return `${name}: rolled back by ECS: ${fired} (reason: ${alarmReason}); ${now}`;
  }
  if (!ours) return `${name}: deployment ${deploymentId} was rolled back to ${rollback?.taskDefinition ?? 'the previous revision'}: ${reason}`;
  const suffix = rollback ? `; circuit breaker rolling back to ${rollback.taskDefinition}` : '';
  return `${name}: rollout failed: ${reason}${suffix}`;
}

/**
 * Polls DescribeServices until our deployment is the only one and COMPLETED with all tasks running; prints one
 * progress line per poll. A FAILED deployment, or one ECS replaced by a rollback (circuit breaker or deployment
 * alarm), fails with the reason ECS gave and, for an alarm, the alarm's name; running past the timeout fails and says
 * so (ECS keeps going: the service is not touched).
 */
export async function waitForStableRollout(ecs: ECSClient, options: WaitOptions): Promise<void> {
  const { service: name, deploymentId } = options;
  const started = options.now();
  let last = 'no status yet';
  for (;;) {
    const service = await describe(ecs, options.cluster, name);
    const deployments = service.deployments ?? [];
    const ours = deployments.find((d) => d.id === deploymentId);
    const elapsed = Math.round((options.now() - started) / 1000);
    if (!ours || ours.rolloutState === 'FAILED') throw new DeployFailedError(await failure(ecs, service, ours, options, started));
    const alarms = deploymentAlarmNames(service);
    const bake = baking(ours, deployments, alarms);
    last = progress(ours, elapsed) + (bake ? `; all tasks running, ECS bake time: still watching ${alarmList(alarms, 'and')}` : '');
    options.print(`${name}: rollout ${last}`);
    const stable = ours.rolloutState === 'COMPLETED' && deployments.length === 1 && ours.runningCount === ours.desiredCount;
    if (stable) {
      options.print(`${name}: stable on ${ours.taskDefinition}`);
      return;
    }
    if (options.now() - started >= options.timeoutSeconds * 1000) {
      const inBake = bake ? ' (still in the bake time: ECS can still roll back if an alarm fires)' : '';
      throw new DeployFailedError(
        `${name}: timed out after ${options.timeoutSeconds}s waiting for the rollout to become stable (last: ${last}); ECS keeps trying${inBake}, check the service events`,
      );
    }
    await options.sleep(options.pollSeconds * 1000);
  }
}
