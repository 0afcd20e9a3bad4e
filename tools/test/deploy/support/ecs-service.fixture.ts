import { DescribeServicesCommand, type Deployment, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** The revision the service runs before a rollout. */
export const OLD_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/forum-users:7';
/** The revision a rollout registers. */
export const NEW_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/forum-users:8';
/** The deployment alarms CDK gives the users service. */
export const USERS_ALARMS = ['forum-users-5xx-rate', 'forum-users-p99-latency'];
/** UpdateService's currentServiceDeployment for the new deployment. */
export const NEW_SERVICE_DEPLOYMENT = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/forum/users/NeWdEpLoYmEnT';

/** The users service as DescribeServices returns it. */
export function service(deployments: Deployment[], extra: Partial<Service> = {}): Service {
  return { serviceName: 'users', status: 'ACTIVE', taskDefinition: OLD_TD, deployments, ...extra };
}

/** The same service with its deployment alarms on, rolling back when one fires. */
export function alarmedService(deployments: Deployment[], extra: Partial<Service> = {}): Service {
  return service(deployments, { deploymentConfiguration: { alarms: { alarmNames: USERS_ALARMS, enable: true, rollback: true } }, ...extra });
}

/** A PRIMARY deployment of two tasks with `running` of them running and the rest pending. */
export function deployment(id: string, taskDefinition: string, state: Deployment['rolloutState'], running: number, extra: Partial<Deployment> = {}): Deployment {
  return { id, taskDefinition, status: 'PRIMARY', rolloutState: state, desiredCount: 2, runningCount: running, pendingCount: 2 - running, failedTasks: 0, ...extra };
}

/** First DescribeServices answers the pre-flight look-up (`before`); the following ones are the polls, in order. */
export function polls(ecsMock: AwsClientStub<ECSClient>, before: Service, ...services: Service[]): void {
  const chain = ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [before] });
  services.forEach((s) => chain.resolvesOnce({ services: [s] }));
}
