import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_ALARM_THRESHOLDS, parseServiceCatalog, serviceCatalog } from '@forum/service-catalog';
import { buildForum, serviceTemplate } from './support/forum-app';

/** The topic every alarm notifies, as a service or gateway stack imports it from the platform stack. */
const alarmTopic = { 'Fn::ImportValue': Match.stringLikeRegexp('ForumPlatform:.*RefAlarmsTopic') };
const notifiesTopic = { AlarmActions: [alarmTopic], OKActions: [alarmTopic] };
const timing = { EvaluationPeriods: 5, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' };

/** A metric an alarm's metric math reads, under `id`. */
function metricStat(id: string, metric: object, stat: object = {}) {
  return Match.objectLike({ Id: id, MetricStat: Match.objectLike({ Metric: Match.objectLike(metric), ...stat }) });
}

/** The catalog with users' alarm thresholds set in its manifest. */
function catalogWithUsersThresholds(alarms: object) {
  const services = serviceCatalog.services.map(({ routePrefix: _derived, ...s }) => (s.name === 'users' ? { ...s, alarms } : s));
  return parseServiceCatalog({ ...serviceCatalog, services });
}

describe.each(serviceCatalog.services)('the alarms of $name', (service) => {
  it('fire on a 5xx share or a p99 above its thresholds, counting only minutes with 10 requests, and roll it back', () => {
    const template = serviceTemplate(buildForum().stacks, service.name);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `forum-${service.name}-5xx-rate`,
      Threshold: service.alarms.errorRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      ...timing,
      ...notifiesTopic,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 10, 100 * (FILL(errors0, 0)) / requests, 0)', ReturnData: true }),
        metricStat('requests', { Namespace: 'forum', MetricName: `${service.name}-requests` }, { Stat: 'Sum', Period: 60 }),
        metricStat('errors0', { Namespace: 'forum', MetricName: `${service.name}-5xx` }, { Stat: 'Sum' }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `forum-${service.name}-p99-latency`,
      Threshold: service.alarms.p99LatencyMs,
      ...timing,
      ...notifiesTopic,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 10, latency, 0)' }),
        metricStat('latency', { Namespace: 'forum', MetricName: `${service.name}-latency` }, { Stat: 'p99' }),
      ]),
    });

    // Deployments roll back on exactly its own two alarms, beside the circuit breaker.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    const [ecsService] = Object.values(template.findResources('AWS::ECS::Service'));
    expect(ecsService['Properties']['DeploymentConfiguration']).toMatchObject({
      Alarms: { AlarmNames: [`forum-${service.name}-5xx-rate`, `forum-${service.name}-p99-latency`], Enable: true, Rollback: true },
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    });
    // Created before the service, which refers to them by name.
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(ecsService['DependsOn']).toEqual(expect.arrayContaining(alarms));
  });
});

describe('alarm thresholds', () => {
  it('default to 5 % and 1000 ms', () => {
    expect(DEFAULT_ALARM_THRESHOLDS).toEqual({ errorRatePercent: 5, p99LatencyMs: 1000 });
    const users = serviceTemplate(buildForum().stacks, 'users');
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'forum-users-5xx-rate', Threshold: 5 });
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'forum-users-p99-latency', Threshold: 1000 });
  });

  it("come from the service's manifest, changing only its own stack", () => {
    const before = buildForum().stacks;
    const { stacks } = buildForum({ catalog: catalogWithUsersThresholds({ errorRatePercent: 1.5, p99LatencyMs: 250 }) });
    const users = serviceTemplate(stacks, 'users');
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'forum-users-5xx-rate', Threshold: 1.5 });
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'forum-users-p99-latency', Threshold: 250 });
    for (const name of serviceCatalog.services.map((s) => s.name).filter((n) => n !== 'users')) {
      expect(serviceTemplate(stacks, name).toJSON()).toEqual(serviceTemplate(before, name).toJSON());
    }
  });
});

describe('the gateway alarms', () => {
  it('fire on the ALB 5xx share (its own and the targets\') or an unhealthy nginx task, and roll it back', () => {
    const template = Template.fromStack(buildForum().stacks.gateway);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'forum-gateway-5xx-rate',
      Threshold: 5,
      ...timing,
      ...notifiesTopic,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 10, 100 * (FILL(errors0, 0) + FILL(errors1, 0)) / requests, 0)' }),
        metricStat('requests', { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, { Stat: 'Sum' }),
        metricStat('errors0', { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_ELB_5XX_Count' }),
        metricStat('errors1', { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'forum-gateway-unhealthy-hosts',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...timing,
      ...notifiesTopic,
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'gateway',
      DeploymentConfiguration: Match.objectLike({
        Alarms: { AlarmNames: ['forum-gateway-5xx-rate', 'forum-gateway-unhealthy-hosts'], Enable: true, Rollback: true },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });
});
