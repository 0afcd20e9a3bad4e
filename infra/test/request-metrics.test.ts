import { Match, Template } from 'aws-cdk-lib/assertions';
import { serviceCatalog } from '@forum/service-catalog';
import { pascalCase } from '../lib/naming';
import { buildForum, catalogWithComments, serviceTemplate } from './support/forum-app';

const completed = '($.msg = "request completed")';

describe.each(serviceCatalog.services.map((s) => s.name))('the metric filters of %s', (name) => {
  it('count completed requests, the 5xx among them (0 on other lines) and their duration in ms, on its log group', () => {
    const template = serviceTemplate(buildForum().stacks, name);
    template.resourceCountIs('AWS::Logs::MetricFilter', 3);
    template.allResourcesProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { 'Fn::ImportValue': Match.stringLikeRegexp(`ForumRegistry:.*Ref${pascalCase(name)}Logs`) },
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ ${completed} && ($.durationMs >= 0) }`,
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: `${name}-requests`, MetricValue: '1', Unit: 'Count' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ ${completed} && ($.statusCode >= 500) }`,
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: `${name}-5xx`, MetricValue: '1', DefaultValue: 0, Unit: 'Count' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ ${completed} && ($.durationMs >= 0) }`,
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: `${name}-latency`, MetricValue: '$.durationMs', Unit: 'Milliseconds' }],
    });
  });
});

describe('request metric filters', () => {
  it("read nginx's access lines for the gateway: requests, 5xx and requestTime in seconds, on the gateway log group", () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    template.resourceCountIs('AWS::Logs::MetricFilter', 3);
    template.allResourcesProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { 'Fn::ImportValue': Match.stringLikeRegexp('ForumRegistry:.*RefGatewayLogs') },
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.requestTime >= 0 }',
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: 'gateway-requests', MetricValue: '1', Unit: 'Count' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status >= 500 }',
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: 'gateway-5xx', MetricValue: '1', DefaultValue: 0, Unit: 'Count' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.requestTime >= 0 }',
      MetricTransformations: [{ MetricNamespace: 'forum', MetricName: 'gateway-latency', MetricValue: '$.requestTime', Unit: 'Seconds' }],
    });
  });

  it('come with a new catalog entry, in its own stack', () => {
    const { stacks } = buildForum({ catalog: catalogWithComments() });
    serviceTemplate(stacks, 'comments').hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'comments-requests' })],
    });
    Template.fromStack(stacks.registry).resourceCountIs('AWS::Logs::MetricFilter', 0);
  });
});
