import { Match, Template } from 'aws-cdk-lib/assertions';
import { deployNamesFor } from '@forum/service-catalog';
import { buildForum, serviceTemplate } from './support/forum-app';

describe('a fork with another project name', () => {
  const { app, stacks } = buildForum({ names: deployNamesFor('shop') });

  it('names every stack after it', () => {
    const ids = app.node.children.map((c) => c.node.id);
    expect(ids).toEqual(expect.arrayContaining(['ShopNetwork', 'ShopPlatform', 'ShopRegistry', 'ShopUsers', 'ShopUsersData', 'ShopGateway', 'ShopDashboard']));
    expect(ids.filter((id) => id.startsWith('Forum'))).toEqual([]);
  });

  it('names the cluster, repositories and task families after it', () => {
    Template.fromStack(stacks.platform).hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'shop' });
    Template.fromStack(stacks.registry).hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'shop/users' });
    Template.fromStack(stacks.registry).hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'shop/gateway' });
    serviceTemplate(stacks, 'posts').hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'shop-posts' });
    Template.fromStack(stacks.gateway).hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'shop-gateway' });
  });

  it('names the dashboard, the alarms and the metric namespace after it', () => {
    Template.fromStack(stacks.dashboard).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'shop' });
    const users = serviceTemplate(stacks, 'users');
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'shop-users-5xx-rate' });
    users.hasResourceProperties('AWS::Logs::MetricFilter', { MetricTransformations: [Match.objectLike({ MetricNamespace: 'shop' })] });
    users.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Alarms: Match.objectLike({ AlarmNames: ['shop-users-5xx-rate', 'shop-users-p99-latency'] }) }),
    });
  });
});
