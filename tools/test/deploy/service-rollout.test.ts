import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Deployment,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { DeployFailedError, DeployInputError } from '../../src/deploy/deploy-errors';
import { findDeployable } from '../../src/deploy/deployables';
import { rolloutService, type RolloutRequest } from '../../src/deploy/service-rollout';
import { describedTaskDefinition, NEW_IMAGE } from './support/task-definition.fixture';

const ecsMock = mockClient(ECSClient);
const ecrMock = mockClient(ECRClient);

const OLD_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/forum-users:7';
const NEW_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/forum-users:8';

const request: RolloutRequest = {
  target: findDeployable('users'),
  cluster: 'forum',
  tag: 'bbbbbbb',
  uri: NEW_IMAGE,
  timeoutSeconds: 60,
  pollSeconds: 15,
};

function service(deployments: Deployment[], extra: Partial<Service> = {}): Service {
  return { serviceName: 'users', status: 'ACTIVE', taskDefinition: OLD_TD, deployments, ...extra };
}

function deployment(id: string, taskDefinition: string, state: Deployment['rolloutState'], running: number, extra: Partial<Deployment> = {}): Deployment {
  return { id, taskDefinition, status: 'PRIMARY', rolloutState: state, desiredCount: 2, runningCount: running, pendingCount: 2 - running, failedTasks: 0, ...extra };
}

/** First DescribeServices answers the pre-flight look-up; the following ones are the polls, in order. */
function polls(...services: Service[]) {
  const chain = ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [service([deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 2)])] });
  services.forEach((s) => chain.resolvesOnce({ services: [s] }));
}

function env() {
  const lines: string[] = [];
  let clock = 0;
  return {
    lines,
    env: {
      ecs: new ECSClient({ region: 'eu-west-1' }),
      ecr: new ECRClient({ region: 'eu-west-1' }),
      print: (line: string) => lines.push(line),
      sleep: async (ms: number) => void (clock += ms),
      now: () => clock,
    },
  };
}

beforeEach(() => {
  ecsMock.reset();
  ecrMock.reset();
  ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ['bbbbbbb'] }] });
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: describedTaskDefinition(), tags: [{ key: 'app', value: 'forum' }] });
  ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: NEW_TD } });
  ecsMock.on(UpdateServiceCommand).resolves({ service: service([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 0)]) });
});

describe('rolloutService', () => {
  it('registers a revision that differs only in the image, updates the service and waits until stable', async () => {
    polls(
      service([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 1), deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 1, { status: 'ACTIVE' })]),
      service([deployment('ecs-svc/new', NEW_TD, 'COMPLETED', 2)]),
    );
    const { env: e, lines } = env();
    await rolloutService(request, e);

    expect(ecrMock.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({ repositoryName: 'forum/users', imageIds: [{ imageTag: 'bbbbbbb' }] });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0].args[0].input).toEqual({ taskDefinition: OLD_TD, include: ['TAGS'] });
    const registered = ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0].args[0].input;
    const { taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, ...kept } = describedTaskDefinition();
    expect([taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy].every(Boolean)).toBe(true);
    expect(registered).toEqual({
      ...kept,
      containerDefinitions: [{ ...kept.containerDefinitions?.[0], image: NEW_IMAGE }, kept.containerDefinitions?.[1]],
      tags: [{ key: 'app', value: 'forum' }],
    });
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'forum', service: 'users', taskDefinition: NEW_TD });
    expect(lines).toContain('users: rollout IN_PROGRESS - 1/2 running, 1 pending, 0 failed tasks (0s)');
    expect(lines).toContain(`users: stable on ${NEW_TD}`);
  });

  it('forces a new deployment without a new revision when the service already runs the image', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: describedTaskDefinition(NEW_IMAGE) });
    ecsMock.on(UpdateServiceCommand).resolves({ service: service([deployment('ecs-svc/new', OLD_TD, 'IN_PROGRESS', 0)]) });
    polls(service([deployment('ecs-svc/new', OLD_TD, 'COMPLETED', 2)]));
    await rolloutService(request, env().env);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'forum', service: 'users', forceNewDeployment: true });
  });

  it('exits with the circuit breaker reason when the rollout fails and rolls back', async () => {
    polls(
      service([
        deployment('ecs-svc/new', NEW_TD, 'FAILED', 0, { status: 'ACTIVE', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }),
        deployment('ecs-svc/rollback', OLD_TD, 'IN_PROGRESS', 1),
      ]),
    );
    const rollout = rolloutService(request, env().env);
    await expect(rollout).rejects.toThrow(DeployFailedError);
    await expect(rollout).rejects.toThrow(`users: rollout failed: ECS deployment circuit breaker: tasks failed to start.; circuit breaker rolling back to ${OLD_TD}`);
  });

  it('reports a rollback when the deployment was replaced, with the event that explains it', async () => {
    polls(
      service([deployment('ecs-svc/rollback', OLD_TD, 'IN_PROGRESS', 1)], {
        events: [{ createdAt: new Date(0), message: '(service users) rolling back to deployment ecs-svc/old.' }],
      }),
    );
    await expect(rolloutService(request, env().env)).rejects.toThrow(
      `users: deployment ecs-svc/new was rolled back to ${OLD_TD}: (service users) rolling back to deployment ecs-svc/old.`,
    );
  });

  it('says so when the wait times out', async () => {
    const stuck = service([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 1), deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 1, { status: 'ACTIVE' })]);
    ecsMock.on(DescribeServicesCommand).resolves({ services: [stuck] });
    const { env: e, lines } = env();
    await expect(rolloutService(request, e)).rejects.toThrow(/users: timed out after 60s waiting for the rollout to become stable \(last: IN_PROGRESS - 1\/2 running/);
    expect(lines.filter((l) => l.startsWith('users: rollout IN_PROGRESS'))).toHaveLength(5);
  });

  it('fails before any change when the tag is not in the repository', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(Object.assign(new Error('not found'), { name: 'ImageNotFoundException' }));
    await expect(rolloutService(request, env().env)).rejects.toThrow(DeployInputError);
    await expect(rolloutService(request, env().env)).rejects.toThrow('image tag bbbbbbb does not exist in ECR repository forum/users');
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it('fails before any change when the service does not exist', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'users', reason: 'MISSING' }] });
    await expect(rolloutService(request, env().env)).rejects.toThrow('ECS service users is not active in cluster forum');
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });
});
