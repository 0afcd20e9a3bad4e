import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GATEWAY_NAME, serviceCatalog, taskFamily } from '@forum/service-catalog';
import type { ForumStacks } from '../lib/forum-stacks';
import { alarmName, metricNamespace } from '../lib/naming';
import { GatewayStack, type GatewayStackProps } from '../lib/stacks/gateway-stack';
import { buildForum, catalogWithComments, TEST_TAG } from './support/forum-app';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Props for a second gateway stack wired to the same network, platform and registry, to vary one prop. */
function gatewayProps(stacks: ForumStacks): GatewayStackProps {
  const repository = stacks.registry.repositories.get(GATEWAY_NAME);
  const logGroup = stacks.registry.logGroups.get(GATEWAY_NAME);
  if (!repository || !logGroup) throw new Error('the registry has no gateway repository or log group');
  return {
    catalog: serviceCatalog,
    vpc: stacks.network.vpc,
    cluster: stacks.platform.cluster,
    namespace: stacks.platform.namespace,
    securityGroup: stacks.network.gatewaySecurityGroup,
    repository,
    logGroup,
    imageTag: TEST_TAG,
    family: taskFamily(GATEWAY_NAME),
    metricNamespace: metricNamespace(),
    alarmName: (kind) => alarmName(GATEWAY_NAME, kind),
    alarmTopic: stacks.platform.alarmTopic,
  };
}

describe('the gateway stack', () => {
  it('puts an internet-facing ALB in the public subnets', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: [
        { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPublicSubnet1') },
        { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPublicSubnet2') },
      ],
    });
  });

  it('runs nginx as its own service in private subnets, in Cloud Map, behind a /healthz target group', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    const targetGroup = onlyLogicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'gateway',
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: 'DISABLED',
          Subnets: [
            { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPrivateSubnet1') },
            { 'Fn::ImportValue': Match.stringLikeRegexp('VpcPrivateSubnet2') },
          ],
        }),
      },
      LoadBalancers: [{ ContainerName: 'gateway', ContainerPort: 8080, TargetGroupArn: { Ref: targetGroup } }],
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    });
    template.hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'gateway' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      TargetType: 'ip',
      HealthCheckPath: '/healthz',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }]),
    });
  });

  it('gives nginx the service list and namespace from the catalog, rate limits and port 8080', () => {
    const template = Template.fromStack(buildForum({ catalog: catalogWithComments() }).stacks.gateway);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'forum-gateway',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'gateway',
          PortMappings: [Match.objectLike({ ContainerPort: 8080 })],
          HealthCheck: Match.objectLike({ Command: ['CMD-SHELL', Match.stringLikeRegexp('127.0.0.1:8080/healthz')] }),
          Environment: Match.arrayWith([
            {
              Name: 'GATEWAY_SERVICES',
              Value: 'users:3000:/api/users,threads:3000:/api/threads,posts:3000:/api/posts,comments:3000:/api/comments',
            },
            { Name: 'DISCOVERY_NAMESPACE', Value: 'forum.local' },
            { Name: 'GATEWAY_LISTEN', Value: '8080' },
            { Name: 'GATEWAY_RATE_LIMIT', Value: '50r/s' },
            { Name: 'GATEWAY_RATE_LIMIT_BURST', Value: '100' },
          ]),
        }),
      ],
    });
  });

  it('forwards plain HTTP when no certificate is given', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
  });

  it('serves HTTPS with the certificate and redirects HTTP when a certificate is given', () => {
    const template = Template.fromStack(buildForum({ certificateArn: CERTIFICATE }).stacks.gateway);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERTIFICATE }],
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }) }],
    });
    template.hasOutput('AlbUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://'])] } });
  });

  it('sends HSTS from the HTTPS listener only, one year unless told otherwise', () => {
    const hsts = 'routing.http.response.strict_transport_security.header_value';
    const template = Template.fromStack(buildForum({ certificateArn: CERTIFICATE }).stacks.gateway);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      ListenerAttributes: [{ Key: hsts, Value: 'max-age=31536000' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, ListenerAttributes: Match.absent() });

    const plain = Template.fromStack(buildForum().stacks.gateway);
    plain.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, ListenerAttributes: Match.absent() });
  });

  it('takes the HSTS max-age from the props and rejects a zero one', () => {
    const { app, stacks } = buildForum();
    const stack = new GatewayStack(app, 'ShortHsts', { ...gatewayProps(stacks), certificateArn: CERTIFICATE, hstsMaxAge: Duration.days(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      ListenerAttributes: [{ Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=86400' }],
    });
    expect(() => new GatewayStack(app, 'NoHsts', { ...gatewayProps(stacks), hstsMaxAge: Duration.seconds(0) })).toThrow(/hstsMaxAge/);
  });

  it('rejects a certificate that is not an ACM ARN', () => {
    expect(() => buildForum({ certificateArn: 'my-cert' })).toThrow(/must be an ACM certificate ARN/);
  });

  it('scales nginx on ALB requests per target, bound to the gateway service and its target group', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    const service = onlyLogicalId(template, 'AWS::ECS::Service');
    const target = onlyLogicalId(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
    const targetGroup = onlyLogicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [service, 'Name'] }])] },
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      ScalingTargetId: { Ref: target },
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [targetGroup, 'TargetGroupFullName'] }])] },
        },
        TargetValue: 1000,
      }),
    });
  });

  it('outputs the ALB URL and its service name', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    template.hasOutput('AlbUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['http://'])] } });
    template.hasOutput('ServiceName', Match.anyValue());
  });
});
