import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { assertImageTag } from '../config/image-tags';
import { OTEL_COLLECTOR_MEMORY_MIB, TracingSidecar } from './tracing-sidecar';

/** The least memory the app container keeps beside a tracing collector. */
const MIN_APP_MEMORY_MIB = 256;

/** Props for {@link FargateService}. */
export interface FargateServiceProps {
  /** ECS service name, container name and Cloud Map name. */
  readonly name: string;
  /** Task definition family (`<project>-<name>`), which the deploy tooling registers image-only revisions of. */
  readonly family: string;
  /** Cluster the service runs in; its VPC supplies the private subnets. */
  readonly cluster: ecs.ICluster;
  /** Private DNS namespace the tasks register in as `<name>.<namespace>`. */
  readonly namespace: servicediscovery.INamespace;
  /** The service's own group; its ingress rules are added by whoever owns the callers. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Repository holding the service's image. */
  readonly repository: ecr.IRepository;
  /** Image tag to run (a git SHA); never `latest`. */
  readonly imageTag: string;
  /** Log group the container writes to; owned by the registry stack so it outlives this one. */
  readonly logGroup: logs.ILogGroup;
  /** Port the container listens on. */
  readonly containerPort: number;
  /** Task CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Task memory in MiB; also the container's hard limit (less the collector's with {@link tracing}). */
  readonly memoryMiB: number;
  /** User the container runs as: the image's non-root `USER`, stated again so ECS refuses to run it as root. */
  readonly user: string;
  /**
   * The only paths the process may write; each becomes a task-scoped volume, the root filesystem stays read-only.
   * The image declares each as a `VOLUME` owned by {@link user}, which is where the volume takes its owner from.
   * Omitted: none.
   */
  readonly writablePaths?: readonly string[];
  /** Tasks to run right after a deploy that changes this value. */
  readonly desiredCount: number;
  /** Auto scaling floor. */
  readonly minCount: number;
  /** Auto scaling ceiling. */
  readonly maxCount: number;
  /** Container health check, run by the ECS agent through the shell inside the container. */
  readonly healthCheckCommand: string;
  /** How long ECS waits after SIGTERM before SIGKILL; at most 120 s on Fargate. */
  readonly stopTimeout: Duration;
  /** Non-secret environment for the container. Omitted: none. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secret environment, resolved by ECS at task start (the execution role is granted read on each). Omitted: none. */
  readonly secrets?: Readonly<Record<string, ecs.Secret>>;
  /** CPU architecture of the tasks. Omitted: ARM64 (Graviton). */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /**
   * Cloud Map service names in `namespace` the task role may call `DiscoverInstances` for (the service's `calls`).
   * Omitted or empty: no Cloud Map permission, the task role stays empty.
   */
  readonly discoverableServices?: readonly string[];
  /** TTL of the Cloud Map A records. Omitted: 10 s, so replaced tasks drop out of DNS quickly. */
  readonly dnsTtl?: Duration;
  /**
   * An OpenTelemetry collector sidecar sending the service's traces to X-Ray, the OTLP endpoint in the container's
   * environment and the X-Ray write permissions on the task role. Omitted: false, none of these.
   */
  readonly tracing?: boolean;
}

/**
 * One Fargate service: task definition, container, ECS service in private subnets registered in Cloud Map,
 * deployment circuit breaker with rollback (and alarms with rollback, see {@link rollBackOnAlarms}), and the scalable
 * task count its stack attaches policies to.
 */
export class FargateService extends Construct {
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** Its task definition (family {@link FargateServiceProps.family}). */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The task count target scaling policies attach to. */
  public readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    validateProps(props);
    const dnsTtl = props.dnsTtl ?? Duration.seconds(10);

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      // Named: the deploy tooling registers image-only revisions of this family.
      family: props.family,
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const container = this.taskDefinition.addContainer('Container', {
      containerName: props.name,
      image: ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      essential: true,
      user: props.user,
      readonlyRootFilesystem: true,
      // The task's memory (less the collector's): ECS stops the container rather than letting the task starve.
      memoryLimitMiB: props.tracing ? props.memoryMiB - OTEL_COLLECTOR_MEMORY_MIB : props.memoryMiB,
      portMappings: [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: { ...props.environment },
      secrets: { ...props.secrets },
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: props.name }),
      healthCheck: {
        command: ['CMD-SHELL', props.healthCheckCommand],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      stopTimeout: props.stopTimeout,
    });
    for (const path of props.writablePaths ?? []) {
      const volume = volumeName(path);
      this.taskDefinition.addVolume({ name: volume });
      container.addMountPoints({ sourceVolume: volume, containerPath: path, readOnly: false });
    }
    if (props.tracing) {
      new TracingSidecar(this, 'Tracing', {
        taskDefinition: this.taskDefinition,
        appContainer: container,
        serviceName: props.name,
        logGroup: props.logGroup,
        streamPrefix: props.name,
      });
    }
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'Only non-secret settings (namespace, log level, ports, database host) are plain environment variables; credentials are ECS secrets.',
    });

    const discoverable = props.discoverableServices ?? [];
    if (discoverable.length > 0) {
      // DiscoverInstances has no resource-level permissions (Resource must be "*"), but the Service Authorization
      // Reference lists the NamespaceName and ServiceName condition keys for it: both values must match.
      this.taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({
          actions: ['servicediscovery:DiscoverInstances'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'servicediscovery:NamespaceName': props.namespace.namespaceName,
              'servicediscovery:ServiceName': [...discoverable],
            },
          },
        }),
      );
      Validations.of(this.taskDefinition.taskRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'servicediscovery:DiscoverInstances only accepts "*"; conditions limit it to this namespace and the called services.',
      });
    }
    const executionRole = this.taskDefinition.obtainExecutionRole();
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken, needed for every image pull, only accepts "*".',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: props.name,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      cloudMapOptions: {
        cloudMapNamespace: props.namespace,
        name: props.name,
        dnsRecordType: servicediscovery.DnsRecordType.A,
        dnsTtl,
      },
    });
    this.scaling = this.service.autoScaleTaskCount({ minCapacity: props.minCount, maxCapacity: props.maxCount });
  }

  /**
   * Has ECS watch `alarms` during each deployment and its bake time and roll back to the last completed deployment
   * when one fires, beside the circuit breaker (which only sees tasks that fail to start or stay healthy).
   */
  public rollBackOnAlarms(alarms: readonly cloudwatch.Alarm[]): void {
    if (alarms.length === 0) throw new Error(`FargateService ${this.node.path}: rollBackOnAlarms needs at least one alarm`);
    // ECS takes names. The fixed names themselves, not references, plus a dependency so the alarms exist first.
    const names = alarms.map((alarm) => {
      const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
      if (name === undefined || Token.isUnresolved(name)) {
        throw new Error(`FargateService ${this.node.path}: deployment alarm ${alarm.node.path} needs a fixed alarmName`);
      }
      this.service.node.addDependency(alarm);
      return name;
    });
    this.service.enableDeploymentAlarms(names, { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  }
}

function validateProps(props: FargateServiceProps): void {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(props.name)) problems.push(`name "${props.name}" must be lower-case letters, digits and dashes`);
  if (!(props.minCount <= props.desiredCount && props.desiredCount <= props.maxCount)) {
    problems.push(`counts must satisfy minCount <= desiredCount <= maxCount (got ${props.minCount}, ${props.desiredCount}, ${props.maxCount})`);
  }
  if (props.user === '' || /^(0|root)(:|$)/.test(props.user)) problems.push(`user must not be root, got "${props.user}"`);
  const paths = props.writablePaths ?? [];
  const badPaths = paths.filter((p) => !/^\/[A-Za-z0-9._/-]+$/.test(p) || p === '/' || p.includes('..'));
  if (badPaths.length > 0) problems.push(`writablePaths must be absolute paths below /, got ${badPaths.join(', ')}`);
  if (new Set(paths.map(volumeName)).size !== paths.length) problems.push(`writablePaths must be distinct, got ${paths.join(', ')}`);
  const badNames = (props.discoverableServices ?? []).filter((name) => !/^[a-z][a-z0-9-]{0,30}$/.test(name));
  if (badNames.length > 0) problems.push(`discoverableServices must be Cloud Map service names, got ${badNames.join(', ')}`);
  const stopSeconds = props.stopTimeout.toSeconds();
  if (stopSeconds < 2 || stopSeconds > 120) problems.push(`stopTimeout must be 2..120 s on Fargate, got ${stopSeconds} s`);
  if (props.tracing && props.memoryMiB - OTEL_COLLECTOR_MEMORY_MIB < MIN_APP_MEMORY_MIB) {
    problems.push(`memoryMiB must leave ${MIN_APP_MEMORY_MIB} MiB beside the ${OTEL_COLLECTOR_MEMORY_MIB} MiB tracing collector, got ${props.memoryMiB}`);
  }
  const ttl = (props.dnsTtl ?? Duration.seconds(10)).toSeconds();
  if (ttl < 1 || ttl > 10) problems.push(`dnsTtl must be 1..10 s so replaced tasks leave DNS quickly, got ${ttl} s`);
  try {
    assertImageTag(props.imageTag);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`FargateService ${props.name}: ${problems.join('; ')}`);
}

/** `/etc/nginx/gateway` → `etc-nginx-gateway`: a stable volume name per writable path. */
function volumeName(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9]+/g, '-');
}
