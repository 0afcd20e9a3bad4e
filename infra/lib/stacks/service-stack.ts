import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { ServiceCatalog, ServiceDefinition } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { errorRateAlarm, latencyAlarm } from '../alarms';
import type { DatabaseConnection } from '../constructs/aurora-database';
import { FargateService } from '../constructs/fargate-service';
import { RequestMetricFilters } from '../constructs/request-metrics';
import { SecurityGroupIngress } from '../constructs/security-group-ingress';
import { type AlarmKind, pascalCase } from '../naming';

/** Seconds ECS waits beyond the service's own drain before SIGKILL, so a full drain is never cut short. */
const STOP_MARGIN_SECONDS = 5;

/** Props for {@link ServiceStack}. */
export interface ServiceStackProps extends StackProps {
  /** The catalog entry this stack deploys. */
  readonly service: ServiceDefinition;
  /** The whole catalog: who calls this service. */
  readonly catalog: ServiceCatalog;
  /** Cluster to run in. */
  readonly cluster: ecs.ICluster;
  /** Cloud Map namespace to register in; its name is the `DISCOVERY_NAMESPACE` the service resolves callees in. */
  readonly namespace: servicediscovery.INamespace;
  /** This service's security group (created empty in the network stack). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Security group of every catalog service, to admit this service's callers. */
  readonly serviceSecurityGroups: ReadonlyMap<string, ec2.ISecurityGroup>;
  /** The nginx tasks' group, always admitted. */
  readonly gatewaySecurityGroup: ec2.ISecurityGroup;
  /** The service's image repository. */
  readonly repository: ecr.IRepository;
  /** Task definition family, from the project's deploy names. */
  readonly family: string;
  /** The service's log group. */
  readonly logGroup: logs.ILogGroup;
  /** Image tag to run. */
  readonly imageTag: string;
  /** Task CPU architecture. Omitted: ARM64. */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /** `LOG_LEVEL` of the service. Omitted: `info`. */
  readonly logLevel?: string;
  /** `SHUTDOWN_TIMEOUT_MS`: how long the service drains on SIGTERM. Omitted: 10000 (the services' default). */
  readonly shutdownTimeoutMs?: number;
  /** The service's own database (from its data stack). Omitted: `STORAGE=memory`, data lives per task. */
  readonly database?: DatabaseConnection;
  /** CloudWatch namespace of the metrics taken from the service's request log lines. */
  readonly metricNamespace: string;
  /** Fixed name of each of the service's alarms, from the project's naming. */
  readonly alarmName: (kind: AlarmKind) => string;
  /** Topic every alarm notifies (from the platform stack). */
  readonly alarmTopic: sns.ITopic;
  /** An OpenTelemetry collector sidecar sending traces to X-Ray. Omitted: false. */
  readonly tracing?: boolean;
}

/**
 * Everything one catalog service owns besides its repository, logs and database: task definition, ECS service, CPU and
 * memory target tracking, the ingress rules from the gateway and its callers, the metric filters on its log group and
 * its alarms, which also roll its deployments back. One stack per service, so a change to one service deploys only
 * its stack.
 */
export class ServiceStack extends Stack {
  /** The service's Fargate service and task definition. */
  public readonly fargate: FargateService;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { service, catalog } = props;
    const shutdownTimeoutMs = props.shutdownTimeoutMs ?? 10_000;
    const callsOthers = service.calls.length > 0;

    this.fargate = new FargateService(this, 'Service', {
      name: service.name,
      cluster: props.cluster,
      namespace: props.namespace,
      securityGroup: props.securityGroup,
      repository: props.repository,
      family: props.family,
      imageTag: props.imageTag,
      logGroup: props.logGroup,
      containerPort: service.port,
      cpu: service.cpu,
      memoryMiB: service.memoryMiB,
      desiredCount: service.desiredCount,
      minCount: service.minCount,
      maxCount: service.maxCount,
      cpuArchitecture: props.cpuArchitecture,
      discoverableServices: service.calls,
      // The node images' USER, and Node's temp directory as the one writable path (the image declares it a VOLUME).
      user: 'node',
      writablePaths: ['/tmp'],
      // node:24-alpine has busybox wget but no curl.
      healthCheckCommand: `wget -q -O /dev/null http://127.0.0.1:${service.port}/health || exit 1`,
      stopTimeout: Duration.seconds(Math.min(120, Math.ceil(shutdownTimeoutMs / 1000) + STOP_MARGIN_SECONDS)),
      environment: {
        SERVICE_NAME: service.name,
        HOST: '0.0.0.0',
        PORT: String(service.port),
        LOG_LEVEL: props.logLevel ?? 'info',
        SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        // The namespace actually created (context `namespace` may override the catalog's), or lookups miss.
        DISCOVERY_NAMESPACE: props.namespace.namespaceName,
        ...(callsOthers ? { DISCOVERY_BACKEND: 'cloudmap' } : {}),
        ...databaseEnvironment(props.database),
      },
      secrets: props.database ? databaseSecrets(props.database) : undefined,
      tracing: props.tracing,
    });

    const { metrics } = new RequestMetricFilters(this, 'RequestMetrics', {
      logGroup: props.logGroup,
      namespace: props.metricNamespace,
      subject: service.name,
      format: 'service',
    });
    const { errorRatePercent, p99LatencyMs } = service.alarms;
    this.fargate.rollBackOnAlarms([
      errorRateAlarm(this, 'ErrorRateAlarm', {
        alarmName: props.alarmName('5xx-rate'),
        description: `More than ${errorRatePercent} % of ${service.name} requests answered 5xx (minutes with enough traffic only).`,
        topic: props.alarmTopic,
        requests: metrics.requests,
        serverErrors: [metrics.serverErrors],
        thresholdPercent: errorRatePercent,
      }),
      latencyAlarm(this, 'LatencyAlarm', {
        alarmName: props.alarmName('p99-latency'),
        description: `${service.name} p99 request duration above ${p99LatencyMs} ms (minutes with enough traffic only).`,
        topic: props.alarmTopic,
        requests: metrics.requests,
        latency: metrics.latency('p99'),
        threshold: p99LatencyMs,
      }),
    ]);

    const { scaling } = this.fargate;
    const cooldowns = {
      scaleInCooldown: Duration.seconds(service.scaling.scaleInCooldownSeconds),
      scaleOutCooldown: Duration.seconds(service.scaling.scaleOutCooldownSeconds),
    };
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: service.scaling.cpuTargetPercent, ...cooldowns });
    scaling.scaleOnMemoryUtilization('MemoryScaling', {
      targetUtilizationPercent: service.scaling.memoryTargetPercent,
      ...cooldowns,
    });

    const callers = catalog.services.filter((s) => s.calls.includes(service.name));
    new SecurityGroupIngress(this, 'Ingress', {
      securityGroup: props.securityGroup,
      port: service.port,
      sources: [
        { id: 'FromGateway', securityGroup: props.gatewaySecurityGroup, description: `gateway to ${service.name}` },
        ...callers.map((caller) => ({
          id: `From${pascalCase(caller.name)}`,
          securityGroup: requireGroup(props.serviceSecurityGroups, caller.name),
          description: `${caller.name} to ${service.name}`,
        })),
      ],
    });

    new CfnOutput(this, 'ServiceName', { value: this.fargate.service.serviceName, description: `ECS service of ${service.name}` });
  }
}

/** `STORAGE` and the non-secret `PG*` settings; Aurora PostgreSQL 17 forces TLS, hence `DB_SSL=require`. */
function databaseEnvironment(database: DatabaseConnection | undefined): Record<string, string> {
  if (!database) return { STORAGE: 'memory' };
  return {
    STORAGE: 'postgres',
    PGHOST: database.hostname,
    PGPORT: String(database.port),
    PGDATABASE: database.databaseName,
    DB_SSL: 'require',
  };
}

/** The generated credential's fields as ECS secrets, so neither reaches the task definition in clear. */
function databaseSecrets(database: DatabaseConnection): Record<string, ecs.Secret> {
  return {
    PGUSER: ecs.Secret.fromSecretsManager(database.secret, 'username'),
    PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password'),
  };
}

function requireGroup(groups: ReadonlyMap<string, ec2.ISecurityGroup>, name: string): ec2.ISecurityGroup {
  const group = groups.get(name);
  if (!group) throw new Error(`ServiceStack: no security group for caller "${name}"; known: ${[...groups.keys()].join(', ')}`);
  return group;
}
