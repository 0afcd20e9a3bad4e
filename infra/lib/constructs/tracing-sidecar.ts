import { Duration, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * AWS Distro for OpenTelemetry collector, pinned. v0.49.0 ships the trace-only config used below as
 * /etc/ecs/ecs-xray.yaml (OTLP in on 4317/4318, X-Ray out) and runs as its own user, `aoc` (uid 4317).
 */
export const OTEL_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0';
/** The collector container's name in every task. */
export const OTEL_COLLECTOR_CONTAINER = 'otel-collector';
/** The collector's memory hard limit, taken from the task's memory (the app container keeps the rest). */
export const OTEL_COLLECTOR_MEMORY_MIB = 128;
/** The X-Ray calls the collector makes: sending segments and telemetry, and reading the sampling rules. */
export const XRAY_WRITE_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
];

/** Props for {@link TracingSidecar}. */
export interface TracingSidecarProps {
  /** The task the collector joins. */
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service's container, which gets the OTLP endpoint and its service name. */
  readonly appContainer: ecs.ContainerDefinition;
  /** `OTEL_SERVICE_NAME`: the catalog name, as the trace map shows it. */
  readonly serviceName: string;
  /** The service's log group; the collector writes its own stream, `<streamPrefix>/otel-collector/<task id>`. */
  readonly logGroup: logs.ILogGroup;
  /** The service's stream prefix. */
  readonly streamPrefix: string;
}

/**
 * An ADOT collector beside the service in its task, receiving OTLP over localhost and sending traces to X-Ray with
 * the task role. Non-essential: if it stops, the service keeps serving and only traces are lost.
 */
export class TracingSidecar extends Construct {
  /** The collector container. */
  public readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: TracingSidecarProps) {
    super(scope, id);
    this.container = props.taskDefinition.addContainer('OtelCollector', {
      containerName: OTEL_COLLECTOR_CONTAINER,
      image: ecs.ContainerImage.fromRegistry(OTEL_COLLECTOR_IMAGE),
      command: ['--config=/etc/ecs/ecs-xray.yaml'],
      essential: false,
      // The image's own user, by uid so it holds even if the image's /etc/passwd changes.
      user: '4317',
      // The collector keeps its queue in memory and writes no files.
      readonlyRootFilesystem: true,
      memoryLimitMiB: OTEL_COLLECTOR_MEMORY_MIB,
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: props.streamPrefix }),
      // The image's probe of the collector's health_check extension (the image has no shell).
      healthCheck: {
        command: ['CMD', '/healthcheck'],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
    });
    // Containers of an awsvpc task share localhost; 4318 is the collector's OTLP/HTTP receiver.
    props.appContainer.addEnvironment('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://localhost:4318');
    props.appContainer.addEnvironment('OTEL_SERVICE_NAME', props.serviceName);

    props.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: XRAY_WRITE_ACTIONS, resources: ['*'] }));
    Validations.of(props.taskDefinition.taskRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The X-Ray trace and sampling actions have no resource-level permissions, so they only accept "*".',
    });
  }
}
