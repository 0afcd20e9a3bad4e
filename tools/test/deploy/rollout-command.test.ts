import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServiceDeploymentsCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../src/deploy/cli';
import { alarmedService, deployment, NEW_SERVICE_DEPLOYMENT, NEW_TD, OLD_TD, polls } from './support/ecs-service.fixture';
import { createTempGitRepo } from './support/temp-git-repo';
import { describedTaskDefinition } from './support/task-definition.fixture';
import { testContext } from './support/test-context';

const ecsMock = mockClient(ECSClient);
const ecrMock = mockClient(ECRClient);

let repo: ReturnType<typeof createTempGitRepo>;
let errors: string[];
beforeEach(() => {
  repo = createTempGitRepo();
  ecsMock.reset();
  ecrMock.reset();
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
});
afterEach(() => {
  jest.restoreAllMocks();
  repo.remove();
});

const rollout = (...extra: string[]) => ['rollout', '--service', 'users', '--tag', repo.head, '--region', 'eu-west-1', '--account', '123456789012', ...extra];

describe('rollout on a service with deployment alarms', () => {
  it('exits 1 naming the alarm when ECS rolls the deployment back because an alarm fired', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: [repo.head] }] });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: describedTaskDefinition() });
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: NEW_TD } });
    ecsMock.on(UpdateServiceCommand).resolves({
      service: alarmedService([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 0)], { currentServiceDeployment: NEW_SERVICE_DEPLOYMENT }),
    });
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [{ serviceDeploymentArn: NEW_SERVICE_DEPLOYMENT, alarms: { triggeredAlarmNames: ['forum-users-5xx-rate'] } }],
    });
    polls(
      ecsMock,
      alarmedService([deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 2)]),
      alarmedService([deployment('ecs-svc/new', NEW_TD, 'IN_PROGRESS', 1), deployment('ecs-svc/old', OLD_TD, 'COMPLETED', 1, { status: 'ACTIVE' })]),
      alarmedService(
        [
          deployment('ecs-svc/rollback', OLD_TD, 'IN_PROGRESS', 1),
          deployment('ecs-svc/new', NEW_TD, 'FAILED', 1, { status: 'ACTIVE', rolloutStateReason: 'ECS deployment ecs-svc/new failed: alarm detected.' }),
        ],
        { events: [{ createdAt: new Date(20_000), message: '(service users) rolling back to deployment ecs-svc/old.' }] },
      ),
    );
    const { ctx, lines } = testContext(repo.dir);

    expect(await main(rollout(), ctx)).toBe(1);
    expect(lines).toContain('users: rollout IN_PROGRESS - 1/2 running, 1 pending, 0 failed tasks (0s)');
    expect(errors).toEqual([
      'deploy failed: users: rolled back by ECS: deployment alarm forum-users-5xx-rate went to ALARM ' +
        `(reason: ECS deployment ecs-svc/new failed: alarm detected.); ECS is rolling back to ${OLD_TD}`,
    ]);
  });

  it('says in a dry run that it waits through the bake time and that an alarm rolls the deployment back, calling no AWS API', async () => {
    const { ctx, lines } = testContext(repo.dir);
    expect(await main(rollout('--dry-run', '--poll-seconds', '10'), ctx)).toBe(0);
    expect(ecsMock.calls()).toHaveLength(0);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(lines.slice(-2)).toEqual([
      '[dry-run] users: would call ECS DescribeServices every 10s until the new deployment is COMPLETED and alone, timeout 900s',
      "[dry-run] users: would wait through ECS's bake time too: ECS rolls the deployment back if any of its deployment alarms goes to ALARM, " +
        'and the rollout then fails naming the alarm (ECS DescribeServiceDeployments says which fired)',
    ]);
    expect(errors).toEqual([]);
  });
});
