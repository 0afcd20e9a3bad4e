import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { DeployFailedError, DeployInputError } from '../../src/deploy/deploy-errors';
import { findDeployable } from '../../src/deploy/deployables';
import { rolloutService, type RolloutRequest } from '../../src/deploy/service-rollout';
import { alarmedService, deployment, NEW_SERVICE_DEPLOYMENT, NEW_TD, OLD_TD, polls as pollsAfter, service } from './support/ecs-service.fixture';
import { describedTaskDefinition, NEW_IMAGE } from './support/task-definition.fixture';

const ecsMock = mockClient(ECSClient);
const ecrMock = mockClient(ECRClient);

const request: RolloutRequest = {
  target: findDeployable('users'),
  cluster: 'forum',
  tag: 'bbbbbbb',
  uri: NEW_IMAGE,
  timeoutSeconds: 60,
  pollSeconds: 15,
};

/** Polls after a pre-flight look-up of the service as it runs before the rollout. */
function polls(...services: Service[]) {
  pollsAfter(ecsMock, service([deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 2)]), ...services);
}

/** Polls of a service with deployment alarms, after the same pre-flight look-up with them. */
function alarmedPolls(...services: Service[]) {
  pollsAfter(ecsMock, alarmedService([deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 2)]), ...services);
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
  ecsMock.on(UpdateServiceCommand).resolves({
    service: service([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 0)], { currentServiceDeployment: NEW_SERVICE_DEPLOYMENT }),
  });
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

describe('rolloutService with deployment alarms', () => {
  const alarmFailed = (extra: Partial<Service> = {}, reason?: string) =>
    alarmedService(
      [
        deployment('ecs-svc/rollback', OLD_TD, 'IN_PROGRESS', 1),
        deployment('ecs-svc/new', NEW_TD, 'FAILED', 1, { status: 'ACTIVE', rolloutStateReason: reason }),
      ],
      {
        events: [
          { createdAt: new Date(0), message: '(service users) rolling back to deployment ecs-svc/old.' },
          { createdAt: new Date(0), message: '(service users) deployment ecs-svc/new deployment failed: alarm detected.' },
        ],
        ...extra,
      },
    );

  it('says which alarms it watches, and waits out the bake time instead of calling all tasks running a success', async () => {
    const baking = alarmedService([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 2)]);
    alarmedPolls(
      alarmedService([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 1), deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 1, { status: 'ACTIVE' })]),
      baking,
      baking,
      alarmedService([deployment('ecs-svc/new', NEW_TD, 'COMPLETED', 2)]),
    );
    const { env: e, lines } = env();
    await rolloutService(request, e);

    expect(lines).toContain(
      'users: deployment ecs-svc/new started; waiting up to 60s for it to become stable; ' +
        'ECS rolls it back if forum-users-5xx-rate or forum-users-p99-latency goes to ALARM, during the rollout or its bake time',
    );
    const bakeLine =
      'users: rollout IN_PROGRESS - 2/2 running, 0 pending, 0 failed tasks (15s); ' +
      'all tasks running, ECS bake time: still watching forum-users-5xx-rate and forum-users-p99-latency';
    expect(lines).toContain(bakeLine);
    expect(lines.slice(-2)).toEqual(['users: rollout COMPLETED - 2/2 running, 0 pending, 0 failed tasks (45s)', `users: stable on ${NEW_TD}`]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(5);
  });

  it('times out in the bake time saying ECS can still roll back', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [alarmedService([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 2)])] });
    await expect(rolloutService(request, env().env)).rejects.toThrow(
      /timed out after 60s .*still watching forum-users-5xx-rate and forum-users-p99-latency\); ECS keeps trying \(still in the bake time: ECS can still roll back if an alarm fires\)/,
    );
  });

  it('names the alarm from the reason when ECS gives it, without asking which fired', async () => {
    const reason = 'ECS deployment ecs-svc/new rolling back because alarm(s) forum-users-5xx-rate in ALARM state';
    alarmedPolls(alarmFailed({}, reason));
    await expect(rolloutService(request, env().env)).rejects.toThrow(
      `users: rolled back by ECS: deployment alarm forum-users-5xx-rate went to ALARM (reason: ${reason}); ECS is rolling back to ${OLD_TD}`,
    );
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(0);
  });

  it('asks ECS which alarm fired when the events only say "alarm detected"', async () => {
    alarmedPolls(alarmFailed());
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [{ serviceDeploymentArn: NEW_SERVICE_DEPLOYMENT, alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['forum-users-p99-latency'] } }],
    });
    const rollout = rolloutService(request, env().env);
    await expect(rollout).rejects.toThrow(DeployFailedError);
    await expect(rollout).rejects.toThrow(
      'users: rolled back by ECS: deployment alarm forum-users-p99-latency went to ALARM ' +
        `(reason: (service users) deployment ecs-svc/new deployment failed: alarm detected.); ECS is rolling back to ${OLD_TD}`,
    );
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)[0].args[0].input).toEqual({ serviceDeploymentArns: [NEW_SERVICE_DEPLOYMENT] });
  });

  it('still reports the alarm rollback, listing the configured alarms, when ECS cannot say which fired', async () => {
    alarmedPolls(alarmFailed());
    ecsMock.on(DescribeServiceDeploymentsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(rolloutService(request, env().env)).rejects.toThrow(
      'users: rolled back by ECS: one of its deployment alarms (forum-users-5xx-rate or forum-users-p99-latency) went to ALARM ' +
        '(which one is unknown: DescribeServiceDeployments failed: AccessDeniedException: not authorized)',
    );
  });

  it('says the rollout failed without a rollback when the alarms are set to fail only', async () => {
    const failOnly = { deploymentConfiguration: { alarms: { alarmNames: ['forum-users-5xx-rate'], enable: true, rollback: false } } };
    alarmedPolls(alarmedService([deployment('ecs-svc/new', NEW_TD, 'FAILED', 2, { rolloutStateReason: 'alarm forum-users-5xx-rate detected' })], failOnly));
    await expect(rolloutService(request, env().env)).rejects.toThrow(
      'users: rollout failed: deployment alarm forum-users-5xx-rate went to ALARM (reason: alarm forum-users-5xx-rate detected); ' +
        'ECS started no rollback (alarms set to fail only)',
    );
  });

  it('says the service is back on the previous revision when the rollback already completed', async () => {
    alarmedPolls(
      alarmedService([deployment('ecs-svc/rollback', OLD_TD, 'COMPLETED', 2)], {
        events: [{ createdAt: new Date(0), message: '(service users) deployment ecs-svc/new deployment failed: alarm detected.' }],
      }),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ alarms: { triggeredAlarmNames: ['forum-users-5xx-rate'] } }] });
    await expect(rolloutService(request, env().env)).rejects.toThrow(/deployment alarm forum-users-5xx-rate went to ALARM .*; now running arn:.*forum-users:7$/);
  });
});
