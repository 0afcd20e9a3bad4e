import type { TaskDefinition } from '@aws-sdk/client-ecs';

/** The image the service runs before a rollout. */
export const OLD_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/forum/users:aaaaaaa';
/** The image a rollout moves to. */
export const NEW_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/forum/users:bbbbbbb';

/** A task definition as DescribeTaskDefinition returns it, read-only fields included. */
export function describedTaskDefinition(image = OLD_IMAGE): TaskDefinition {
  return {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/forum-users:7',
    family: 'forum-users',
    revision: 7,
    status: 'ACTIVE',
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: new Date('2024-01-01T00:00:00Z'),
    registeredBy: 'arn:aws:iam::123456789012:role/cdk',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    taskRoleArn: 'arn:aws:iam::123456789012:role/task',
    containerDefinitions: [
      {
        name: 'users',
        image,
        essential: true,
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [{ name: 'DISCOVERY_NAMESPACE', value: 'forum.local' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'forum/users' } },
      },
      { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0', essential: false },
    ],
  };
}
