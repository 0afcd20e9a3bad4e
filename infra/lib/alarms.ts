import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * When an alarm fires: 3 of the last 5 one-minute periods breaching. One-minute periods let ECS see a bad deployment
 * within minutes; needing 3 of 5 lets a single slow or failing minute (a database resuming from pause) pass.
 */
export const ALARM_PERIOD = Duration.minutes(1);
export const ALARM_EVALUATION_PERIODS = 5;
export const ALARM_DATAPOINTS_TO_ALARM = 3;

/**
 * A minute with fewer requests than this counts as healthy for the rate and latency alarms: at 3 a.m. one error in
 * two requests is 50 % but nothing anyone must act on, and a p99 of three requests is just the slowest of them.
 */
export const MIN_REQUESTS_PER_MINUTE = 10;

/** What every alarm here shares. */
interface AlarmBase {
  /** Fixed name (see `alarmName` in naming.ts): ECS deployment alarms refer to it. */
  readonly alarmName: string;
  /** What it means when it fires, for whoever gets the notification. */
  readonly description: string;
  /** Where ALARM and OK notifications go. */
  readonly topic: sns.ITopic;
}

/** Props for {@link errorRateAlarm}. */
export interface ErrorRateAlarmProps extends AlarmBase {
  /** Requests per minute (Sum). */
  readonly requests: cloudwatch.IMetric;
  /** 5xx responses per minute (Sum), added up; missing data counts as 0 (ALB metrics are only sent when non-zero). */
  readonly serverErrors: readonly cloudwatch.IMetric[];
  /** The 5xx share, in percent, above which a minute breaches. */
  readonly thresholdPercent: number;
}

/** 5xx responses as a percentage of requests, counted only in minutes with {@link MIN_REQUESTS_PER_MINUTE}. */
export function errorRateAlarm(scope: Construct, id: string, props: ErrorRateAlarmProps): cloudwatch.Alarm {
  if (props.serverErrors.length === 0) throw new Error(`errorRateAlarm ${props.alarmName}: needs at least one 5xx metric`);
  const errorIds = props.serverErrors.map((_, index) => `errors${index}`);
  const errorSum = errorIds.map((e) => `FILL(${e}, 0)`).join(' + ');
  const rate = new cloudwatch.MathExpression({
    expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, 100 * (${errorSum}) / requests, 0)`,
    usingMetrics: { requests: props.requests, ...Object.fromEntries(errorIds.map((e, index) => [e, props.serverErrors[index]])) },
    period: ALARM_PERIOD,
    label: '5xx % of requests',
  });
  return notifying(rate.createAlarm(scope, id, alarmOptions(props, props.thresholdPercent)), props.topic);
}

/** Props for {@link latencyAlarm}. */
export interface LatencyAlarmProps extends AlarmBase {
  /** Requests per minute (Sum), for the minimum-traffic guard. */
  readonly requests: cloudwatch.IMetric;
  /** The duration at the percentile watched (p99), in the unit of `threshold`. */
  readonly latency: cloudwatch.IMetric;
  /** The duration above which a minute breaches. */
  readonly threshold: number;
}

/** A request duration percentile, counted only in minutes with {@link MIN_REQUESTS_PER_MINUTE}. */
export function latencyAlarm(scope: Construct, id: string, props: LatencyAlarmProps): cloudwatch.Alarm {
  const guarded = new cloudwatch.MathExpression({
    expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, latency, 0)`,
    usingMetrics: { requests: props.requests, latency: props.latency },
    period: ALARM_PERIOD,
    label: 'p99 latency',
  });
  return notifying(guarded.createAlarm(scope, id, alarmOptions(props, props.threshold)), props.topic);
}

/** Props for {@link thresholdAlarm}. */
export interface ThresholdAlarmProps extends AlarmBase {
  /** The metric, at its statistic and a one-minute period. */
  readonly metric: cloudwatch.IMetric;
  /** The value at or above which a minute breaches. */
  readonly threshold: number;
}

/** A plain metric at or above a threshold (e.g. unhealthy targets), with the same timing as the others. */
export function thresholdAlarm(scope: Construct, id: string, props: ThresholdAlarmProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    ...alarmOptions(props, props.threshold),
    metric: props.metric,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  return notifying(alarm, props.topic);
}

function alarmOptions(props: AlarmBase, threshold: number): cloudwatch.CreateAlarmOptions {
  return {
    alarmName: props.alarmName,
    alarmDescription: props.description,
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: ALARM_EVALUATION_PERIODS,
    datapointsToAlarm: ALARM_DATAPOINTS_TO_ALARM,
    // No data means no requests (or no tasks to report them), which is not an error.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}

/** Sends the alarm's ALARM and OK transitions to the topic, so a notification also says when it is over. */
function notifying(alarm: cloudwatch.Alarm, topic: sns.ITopic): cloudwatch.Alarm {
  const action = new actions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
