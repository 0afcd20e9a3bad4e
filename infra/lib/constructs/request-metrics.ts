import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Which request log lines a log group holds: a service's pino line per request (`msg` "request completed",
 * `statusCode`, `durationMs` in milliseconds) or the gateway's nginx access line (`status`, `requestTime` in seconds).
 */
export type RequestLogFormat = 'service' | 'gateway';

/** How one format's lines become the three metrics. */
interface LogFormat {
  /** Matches one line per answered request; also the latency filter, so every request has a duration. */
  readonly request: logs.JsonPattern;
  /** Matches the lines of requests answered 5xx. */
  readonly serverError: logs.JsonPattern;
  /** The field holding the duration, and its unit. */
  readonly durationField: string;
  readonly durationUnit: cloudwatch.Unit;
}

const completed = logs.FilterPattern.stringValue('$.msg', '=', 'request completed');
const FORMATS: Readonly<Record<RequestLogFormat, LogFormat>> = {
  // Aborted requests (level warn, "request aborted") are left out: the client left, so their status is not what
  // anyone saw; a request the gateway gave up on still counts as the gateway's 504.
  service: {
    request: logs.FilterPattern.all(completed, logs.FilterPattern.numberValue('$.durationMs', '>=', 0)),
    serverError: logs.FilterPattern.all(completed, logs.FilterPattern.numberValue('$.statusCode', '>=', 500)),
    durationField: '$.durationMs',
    durationUnit: cloudwatch.Unit.MILLISECONDS,
  },
  // nginx's stderr lines are plain text and match no JSON pattern; /healthz is not logged at all.
  gateway: {
    request: logs.FilterPattern.numberValue('$.requestTime', '>=', 0),
    serverError: logs.FilterPattern.numberValue('$.status', '>=', 500),
    durationField: '$.requestTime',
    durationUnit: cloudwatch.Unit.SECONDS,
  },
};

/** The metrics of one service's (or the gateway's) requests, per minute. */
export interface RequestMetricSet {
  /** Requests answered (Sum). */
  readonly requests: cloudwatch.Metric;
  /** Requests answered 5xx (Sum). */
  readonly serverErrors: cloudwatch.Metric;
  /** Request duration at a statistic such as `p50` or `p99`; milliseconds for a service, seconds for the gateway. */
  latency(statistic: string): cloudwatch.Metric;
}

/**
 * The request metrics of `subject` in `namespace`, named `<subject>-requests`, `<subject>-5xx`, `<subject>-latency`.
 * Metric names, not a dimension, tell the services apart: the filter sits on one log group, so it would only ever
 * see one value, and a dimension value must come from a log field.
 */
export function requestMetrics(namespace: string, subject: string): RequestMetricSet {
  const metric = (suffix: string, statistic: string) =>
    new cloudwatch.Metric({ namespace, metricName: `${subject}-${suffix}`, statistic, period: Duration.minutes(1) });
  return {
    requests: metric('requests', cloudwatch.Stats.SUM),
    serverErrors: metric('5xx', cloudwatch.Stats.SUM),
    latency: (statistic) => metric('latency', statistic),
  };
}

/** Props for {@link RequestMetricFilters}. */
export interface RequestMetricFiltersProps {
  /** The log group the request lines go to. */
  readonly logGroup: logs.ILogGroup;
  /** CloudWatch namespace of the metrics (the project's). */
  readonly namespace: string;
  /** Catalog service name, or `gateway`: the metric names' prefix. */
  readonly subject: string;
  /** Which lines the group holds. */
  readonly format: RequestLogFormat;
}

/**
 * Turns the request lines a service or the gateway already writes into metrics, with no agent: three CloudWatch Logs
 * metric filters (requests, 5xx, latency), no dimensions, so each costs one custom metric.
 */
export class RequestMetricFilters extends Construct {
  /** The metrics the filters publish. */
  public readonly metrics: RequestMetricSet;

  constructor(scope: Construct, id: string, props: RequestMetricFiltersProps) {
    super(scope, id);
    const format = FORMATS[props.format];
    this.metrics = requestMetrics(props.namespace, props.subject);
    const filter = (filterId: string, metric: cloudwatch.Metric, options: Omit<logs.MetricFilterOptions, 'metricName' | 'metricNamespace'>) =>
      new logs.MetricFilter(this, filterId, {
        logGroup: props.logGroup,
        metricNamespace: props.namespace,
        metricName: metric.metricName,
        ...options,
      });
    filter('Requests', this.metrics.requests, { filterPattern: format.request, metricValue: '1', unit: cloudwatch.Unit.COUNT });
    // 0 for every other line, so a quiet minute reads 0 errors, not missing data.
    filter('ServerErrors', this.metrics.serverErrors, {
      filterPattern: format.serverError,
      metricValue: '1',
      defaultValue: 0,
      unit: cloudwatch.Unit.COUNT,
    });
    filter('Latency', this.metrics.latency(cloudwatch.Stats.p(99)), {
      filterPattern: format.request,
      metricValue: format.durationField,
      unit: format.durationUnit,
    });
  }
}
