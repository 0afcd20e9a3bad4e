import { Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { GATEWAY_NAME, type ServiceCatalog } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { type RequestMetricSet, requestMetrics } from '../constructs/request-metrics';
import { pascalCase } from '../naming';

/** Props for {@link DashboardStack}. */
export interface DashboardStackProps extends StackProps {
  /** The services: one row each, in catalog order. */
  readonly catalog: ServiceCatalog;
  /** Name of the dashboard (the project's). */
  readonly dashboardName: string;
  /** ECS cluster the services and the gateway run in, by name. */
  readonly clusterName: string;
  /** Namespace of the request metrics taken from the logs. */
  readonly metricNamespace: string;
  /** Every alarm, by its fixed name, for the status overview at the top. */
  readonly alarmNames: readonly string[];
  /** The gateway's ALB. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The ALB's target group of nginx tasks. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** Database cluster per catalog name, for the services with a `database`. */
  readonly databases: ReadonlyMap<string, rds.IDatabaseCluster>;
}

const ROW_HEIGHT = 6;
const DASHBOARD_WIDTH = 24;

/**
 * One CloudWatch dashboard for the whole system: the alarms' states, a gateway row (ALB and nginx) and one row per
 * catalog service. Everything is found by name or taken from the data and gateway stacks, never from a service
 * stack, so this stack deploys after those and no service stack waits for it.
 */
export class DashboardStack extends Stack {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: props.alarmNames.map((name) => cloudwatch.Alarm.fromAlarmName(this, `Alarm${pascalCase(name)}`, name)),
        width: DASHBOARD_WIDTH,
        height: 3,
      }),
    );
    this.addRow(`${GATEWAY_NAME}: ALB and nginx`, this.gatewayGraphs(props));
    for (const service of props.catalog.services) {
      const database = props.databases.get(service.name);
      this.addRow(service.name, [
        ...requestGraphs(requestMetrics(props.metricNamespace, service.name), 'ms'),
        ecsGraph(props.clusterName, service.name),
        ...(database ? [databaseGraph(database)] : []),
      ]);
    }
  }

  private gatewayGraphs(props: DashboardStackProps): Graph[] {
    const alb = props.loadBalancer.metrics;
    return [
      graph('ALB requests and 5xx', [alb.requestCount()], [
        alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT),
        alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT),
      ]),
      graph('ALB target response time (s)', ['p50', 'p99'].map((statistic) => alb.targetResponseTime({ statistic, label: statistic }))),
      graph('nginx tasks by health', [
        props.targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum' }),
        props.targetGroup.metrics.healthyHostCount({ statistic: 'Minimum' }),
      ]),
      ...requestGraphs(requestMetrics(props.metricNamespace, GATEWAY_NAME), 's'),
      ecsGraph(props.clusterName, GATEWAY_NAME),
    ];
  }

  /** A heading, then the graphs side by side across the full width. */
  private addRow(title: string, graphs: readonly Graph[]): void {
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `### ${title}`, width: DASHBOARD_WIDTH, height: 1 }));
    const width = Math.floor(DASHBOARD_WIDTH / graphs.length);
    this.dashboard.addWidgets(...graphs.map((g) => new cloudwatch.GraphWidget({ ...g, width, height: ROW_HEIGHT })));
  }
}

/** Requests with their 5xx, and the p50 and p99 durations, from the metric filters. */
function requestGraphs(metrics: RequestMetricSet, unit: 'ms' | 's'): Graph[] {
  return [
    graph('Requests and 5xx (logs)', [metrics.requests.with({ label: 'requests' })], [metrics.serverErrors.with({ label: '5xx' })]),
    graph(`Latency (${unit}, logs)`, ['p50', 'p99'].map((statistic) => metrics.latency(statistic).with({ label: statistic }))),
  ];
}

/** Task CPU and memory use (percent) and running tasks, from ECS and Container Insights. */
function ecsGraph(clusterName: string, serviceName: string): Graph {
  const dimensionsMap = { ClusterName: clusterName, ServiceName: serviceName };
  const ecs = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName, dimensionsMap, label: metricName });
  const tasks = new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensionsMap,
    statistic: 'Average',
    label: 'running tasks',
  });
  return graph('CPU, memory (%) and tasks', [ecs('CPUUtilization'), ecs('MemoryUtilization')], [tasks]);
}

/** Aurora Serverless v2 capacity (ACU) and connections, with capacity used as a percentage of the maximum. */
function databaseGraph(cluster: rds.IDatabaseCluster): Graph {
  const metric = (name: string, label: string) => cluster.metric(name, { statistic: 'Average', label });
  return graph(
    'Database ACU, connections, ACU use (%)',
    [metric('ServerlessDatabaseCapacity', 'capacity (ACU)'), metric('DatabaseConnections', 'connections')],
    [metric('ACUUtilization', 'ACU utilization (%)')],
  );
}

/** One graph of a row; the row decides its width. */
interface Graph {
  readonly title: string;
  readonly left: cloudwatch.IMetric[];
  readonly right: cloudwatch.IMetric[];
}

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): Graph {
  return { title, left, right };
}
