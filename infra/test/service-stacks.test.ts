import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { serviceCatalog } from '@forum/service-catalog';
import { buildForum, serviceTemplate, TEST_TAG } from './support/forum-app';

function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe.each(['users', 'threads', 'posts'])('the %s service', (name) => {
  const entry = serviceCatalog.services.find((s) => s.name === name);
  if (!entry) throw new Error(`${name} is missing from the catalog`);

  it('has its own ECR repository: scanned on push, immutable tags, lifecycle, retained', () => {
    const { stacks } = buildForum();
    const registry = Template.fromStack(stacks.registry);
    registry.hasResource('AWS::ECR::Repository', {
      Properties: Match.objectLike({
        RepositoryName: `forum/${name}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"countNumber":30') },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('runs an ECS service named after it, in private subnets with no public IP, registered in Cloud Map', () => {
    const { stacks } = buildForum();
    const template = serviceTemplate(stacks, name);
    const cloudMap = onlyLogicalId(template, 'AWS::ServiceDiscovery::Service');
    template.hasResourceProperties('AWS::ServiceDiscovery::Service', {
      Name: name,
      DnsConfig: Match.objectLike({ DnsRecords: [{ TTL: 10, Type: 'A' }] }),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: name,
      LaunchType: 'FARGATE',
      DesiredCount: entry.desiredCount,
      ServiceRegistries: [{ RegistryArn: { 'Fn::GetAtt': [cloudMap, 'Arn'] } }],
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      }),
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: 'DISABLED',
          Subnets: [
            { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPrivateSubnet1') },
            { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPrivateSubnet2') },
          ],
        }),
      },
    });
  });

  it('has an ARM64 task definition with its container, health check, drain-matched stop timeout and logs', () => {
    const { stacks } = buildForum();
    const template = serviceTemplate(stacks, name);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: `forum-${name}`,
      Cpu: String(entry.cpu),
      Memory: String(entry.memoryMiB),
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Name: name,
          Image: { 'Fn::Join': ['', Match.arrayWith([`:${TEST_TAG}`])] },
          PortMappings: [Match.objectLike({ ContainerPort: entry.port, Protocol: 'tcp' })],
          HealthCheck: Match.objectLike({
            Command: ['CMD-SHELL', `wget -q -O /dev/null http://127.0.0.1:${entry.port}/health || exit 1`],
          }),
          StopTimeout: 15,
          Environment: Match.arrayWith([
            { Name: 'PORT', Value: String(entry.port) },
            { Name: 'SHUTDOWN_TIMEOUT_MS', Value: '10000' },
            { Name: 'DISCOVERY_NAMESPACE', Value: 'forum.local' },
          ]),
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({
              'awslogs-stream-prefix': name,
              'awslogs-group': { 'Fn::ImportValue': Match.stringLikeRegexp(`ForumRegistry:.*Ref${cap(name)}Logs`) },
            }),
          },
        }),
      ],
    });
    // One per service, the gateway's and the VPC flow logs.
    Template.fromStack(stacks.registry).resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, serviceCatalog.services.length + 2);
  });

  it('scales on CPU and on memory with its own targets, bound to its own service', () => {
    const { stacks } = buildForum();
    const template = serviceTemplate(stacks, name);
    const service = onlyLogicalId(template, 'AWS::ECS::Service');
    const target = onlyLogicalId(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: entry.minCount,
      MaxCapacity: entry.maxCount,
      ResourceId: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [service, 'Name'] }])] },
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    for (const [metric, value] of [
      ['ECSServiceAverageCPUUtilization', entry.scaling.cpuTargetPercent],
      ['ECSServiceAverageMemoryUtilization', entry.scaling.memoryTargetPercent],
    ] as const) {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: target },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: metric },
          TargetValue: value,
          ScaleInCooldown: entry.scaling.scaleInCooldownSeconds,
          ScaleOutCooldown: entry.scaling.scaleOutCooldownSeconds,
        },
      });
    }
  });

  it('grants Cloud Map DiscoverInstances only when it calls other services, and only for those in its namespace', () => {
    const { stacks } = buildForum();
    const template = serviceTemplate(stacks, name);
    const taskRolePolicies = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'servicediscovery:DiscoverInstances' })]) } },
    });
    if (entry.calls.length > 0) {
      expect(Object.keys(taskRolePolicies)).toHaveLength(1);
      const [policy] = Object.values(taskRolePolicies);
      expect(policy['Properties']['PolicyDocument']['Statement']).toEqual([
        {
          Action: 'servicediscovery:DiscoverInstances',
          Effect: 'Allow',
          Resource: '*',
          Condition: {
            StringEquals: {
              'servicediscovery:NamespaceName': 'forum.local',
              'servicediscovery:ServiceName': [...entry.calls],
            },
          },
        },
      ]);
      template.resourceCountIs('AWS::IAM::Policy', 2);
    } else {
      expect(taskRolePolicies).toEqual({});
      // Only the execution role (image pull, logs) has a policy; the task role has none.
      template.resourceCountIs('AWS::IAM::Policy', 1);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ecr:GetAuthorizationToken' })]) },
      });
    }
  });
});

describe('service stacks', () => {
  it('are one per catalog entry, named for the deploy tooling', () => {
    const { stacks } = buildForum();
    expect([...stacks.services.values()].map((s) => s.stackName)).toEqual(['ForumUsers', 'ForumThreads', 'ForumPosts']);
  });

  it('run x86_64 when asked', () => {
    const { stacks } = buildForum({ cpuArchitecture: ecs.CpuArchitecture.X86_64 });
    serviceTemplate(stacks, 'users').hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
  });

  it('limit DiscoverInstances to the namespace actually created', () => {
    const { stacks } = buildForum({ namespace: 'x.local' });
    serviceTemplate(stacks, 'posts').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'servicediscovery:DiscoverInstances',
            Condition: { StringEquals: { 'servicediscovery:NamespaceName': 'x.local', 'servicediscovery:ServiceName': ['users', 'threads'] } },
          }),
        ],
      },
    });
  });

  it('reject latest as an image tag', () => {
    const tags = { users: 'latest', threads: 'a', posts: 'a', gateway: 'a' };
    expect(() => buildForum({ imageTags: tags })).toThrow(/"latest" is never deployed/);
  });
});

function cap(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
