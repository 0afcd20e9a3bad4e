import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildForum } from './support/forum-app';

describe('the network stack', () => {
  it('spans two AZs with public, private and isolated subnets and one NAT gateway by default', () => {
    const template = Template.fromStack(buildForum().stacks.network);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('takes a NAT count and adds ECR, S3 and Logs endpoints on request', () => {
    const template = Template.fromStack(buildForum({ natGateways: 2, vpcEndpoints: true }).stacks.network);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    for (const suffix of ['ecr.api', 'ecr.dkr', 'logs']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: { 'Fn::Join': ['', Match.arrayWith([`.${suffix}`])] },
      });
    }
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });

  it('rejects a NAT count the two-AZ VPC cannot use', () => {
    expect(() => buildForum({ natGateways: 0 })).toThrow(/natGateways must be 1 or 2, got 0/);
  });
});

describe('the platform stack', () => {
  it('creates the cluster "forum" with Container Insights and the catalog namespace', () => {
    const template = Template.fromStack(buildForum().stacks.platform);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'forum',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'forum.local' });
    template.hasOutput('ClusterName', Match.anyValue());
  });

  it('takes another namespace when asked', () => {
    const template = Template.fromStack(buildForum({ namespace: 'forum.internal' }).stacks.platform);
    template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'forum.internal' });
  });
});

describe('the registry stack', () => {
  it('holds a repository and a retained log group per service plus the gateway, the flow log group, and the URIs as outputs', () => {
    const template = Template.fromStack(buildForum().stacks.registry);
    template.resourceCountIs('AWS::ECR::Repository', 4);
    template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'forum/gateway' });
    template.resourceCountIs('AWS::Logs::LogGroup', 5);
    expect(Object.values(template.findResources('AWS::Logs::LogGroup')).every((r) => r['DeletionPolicy'] === 'Retain')).toBe(true);
    for (const id of ['Users', 'Threads', 'Posts', 'Gateway']) template.hasOutput(`${id}RepositoryUri`, Match.anyValue());
  });
});
