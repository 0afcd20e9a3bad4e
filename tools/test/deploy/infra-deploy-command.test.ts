import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { infraDeployCommand } from '../../src/deploy/commands/infra-deploy.command';
import { listDeployables } from '../../src/deploy/deployables';
import { testContext } from './support/test-context';

const ecsMock = mockClient(ECSClient);
const aws = ['--region', 'eu-west-1', '--account', '123456789012'];
const image = (name: string, tag: string) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/forum/${name}:${tag}`;

beforeEach(() => {
  ecsMock.reset();
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
    services: input.services
      .filter((name) => name !== 'posts')
      .map((name) => ({ serviceName: name, status: 'ACTIVE', taskDefinition: `arn:td/forum-${name}:3` })),
  }));
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    const name = /forum-(\w+):/.exec(input.taskDefinition)?.[1] ?? '';
    return { taskDefinition: { containerDefinitions: [{ name, image: image(name, `${name[0]}${name[0]}11111`) }] } };
  });
});

describe('infra-deploy', () => {
  it('hands every running image tag back to cdk, and --initial-tag fills services not created yet', async () => {
    const { ctx, runs } = testContext(process.cwd());
    await infraDeployCommand([...aws, '--initial-tag', 'abcdef1', '--', '--require-approval', 'never'], ctx);
    expect(runs).toHaveLength(1);
    expect(runs[0].command).toBe('npx');
    // Every deployable's running tag (posts has no service yet, so it gets the initial tag), in catalog order.
    const tags = listDeployables().flatMap((d) => ['-c', `imageTag.${d.name}=${d.name === 'posts' ? 'abcdef1' : `${d.name[0]}${d.name[0]}11111`}`]);
    expect(runs[0].args).toEqual([
      'cdk', 'deploy', '--all',
      '-c', 'account=123456789012', '-c', 'region=eu-west-1',
      ...tags,
      '-c', 'imageTag=abcdef1',
      '--require-approval', 'never',
    ]);
    expect(tags).toEqual(expect.arrayContaining(['imageTag.users=uu11111', 'imageTag.posts=abcdef1', 'imageTag.gateway=gg11111']));
    expect(runs[0].options.cwd).toBe('infra');
  });

  it('refuses to guess a tag for a service that has none running', async () => {
    const { ctx, runs } = testContext(process.cwd());
    await expect(infraDeployCommand(aws, ctx)).rejects.toThrow('posts has no running ECS service to read a tag from; pass --initial-tag <git sha> for the first deploy');
    expect(runs).toHaveLength(0);
  });

  it('calls no AWS API in a dry run', async () => {
    const { ctx, runs, lines } = testContext(process.cwd());
    await infraDeployCommand([...aws, '--dry-run'], ctx);
    expect(ecsMock.calls()).toHaveLength(0);
    expect(runs).toHaveLength(0);
    expect(lines[1]).toContain('[dry-run] would run: ');
    expect(lines[1]).toContain("npx cdk deploy --all -c account=123456789012 -c region=eu-west-1 -c 'imageTag.users=<running tag of users>'");
  });
});
