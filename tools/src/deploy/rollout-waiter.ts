import { DescribeServicesCommand, type Deployment, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { DeployFailedError } from './deploy-errors';

/** What to wait for and how. */
export interface WaitOptions {
  readonly cluster: string;
  readonly service: string;
  /** The deployment UpdateService created; its fate decides success. */
  readonly deploymentId: string;
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

/** The newest event that explains a failure (circuit breaker, rollback, failed tasks), if ECS logged one. */
function failureEvent(service: Service, sinceMs: number): string | undefined {
  const recent = (service.events ?? []).filter((e) => (e.createdAt?.getTime() ?? 0) >= sinceMs);
  return recent.find((e) => /roll(ing|ed)? ?back|circuit breaker|failed/i.test(e.message ?? ''))?.message;
}

function progress(d: Deployment, elapsedSeconds: number): string {
  return `${d.rolloutState ?? 'UNKNOWN'} - ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running, ${d.pendingCount ?? 0} pending, ${d.failedTasks ?? 0} failed tasks (${elapsedSeconds}s)`;
}

/**
 * Polls DescribeServices until our deployment is the only one and COMPLETED with all tasks running; prints one
 * progress line per poll. A FAILED deployment, or one the circuit breaker replaced by a rollback, fails with the
 * reason ECS gave; running past the timeout fails and says so (ECS keeps going: the service is not touched).
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
    if (!ours) {
      const primary = deployments.find((d) => d.status === 'PRIMARY');
      const why = failureEvent(service, started) ?? 'no reason in the service events';
      throw new DeployFailedError(`${name}: deployment ${deploymentId} was rolled back to ${primary?.taskDefinition ?? 'the previous revision'}: ${why}`);
    }
    if (ours.rolloutState === 'FAILED') {
      const rollback = deployments.find((d) => d.id !== deploymentId && d.status === 'PRIMARY');
      const suffix = rollback ? `; circuit breaker rolling back to ${rollback.taskDefinition}` : '';
      throw new DeployFailedError(`${name}: rollout failed: ${ours.rolloutStateReason ?? failureEvent(service, started) ?? 'no reason given'}${suffix}`);
    }
    last = progress(ours, elapsed);
    options.print(`${name}: rollout ${last}`);
    const stable = ours.rolloutState === 'COMPLETED' && deployments.length === 1 && ours.runningCount === ours.desiredCount;
    if (stable) {
      options.print(`${name}: stable on ${ours.taskDefinition}`);
      return;
    }
    if (options.now() - started >= options.timeoutSeconds * 1000) {
      throw new DeployFailedError(`${name}: timed out after ${options.timeoutSeconds}s waiting for the rollout to become stable (last: ${last}); ECS keeps trying, check the service events`);
    }
    await options.sleep(options.pollSeconds * 1000);
  }
}
