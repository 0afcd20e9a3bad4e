import { Environment } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { deployNames, GATEWAY_NAME, type DeployNames, type ServiceCatalog } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { alarmName, type AlarmKind, dataStackId, GATEWAY_ALARM_KINDS, metricNamespace, SERVICE_ALARM_KINDS, serviceStackId } from './naming';
import { DashboardStack } from './stacks/dashboard-stack';
import { DataStack } from './stacks/data-stack';
import { GatewayStack } from './stacks/gateway-stack';
import { NetworkStack } from './stacks/network-stack';
import { PlatformStack } from './stacks/platform-stack';
import { RegistryStack } from './stacks/registry-stack';
import { ServiceStack } from './stacks/service-stack';

/** Everything that varies between deployments of the forum; bin/app.ts builds it from context and env. */
export interface ForumStacksProps {
  /** Stack ids, cluster, repository and task family names. Omitted: the project's own (`project-settings.json`). */
  readonly names?: DeployNames;
  /** The list of services: one repository, stack, service and scaling policy pair each. */
  readonly catalog: ServiceCatalog;
  /** Image tag per image name (every catalog service and `gateway`). */
  readonly imageTags: Readonly<Record<string, string>>;
  /** Account and region. Omitted: env-agnostic templates. */
  readonly env?: Environment;
  /** Cloud Map namespace. Omitted: the catalog's (the local stack's too). */
  readonly namespace?: string;
  /** NAT gateways. Omitted: 1. */
  readonly natGateways?: number;
  /** VPC endpoints for ECR, S3 and Logs. Omitted: false. */
  readonly vpcEndpoints?: boolean;
  /** Task CPU architecture. Omitted: ARM64. */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /** ACM certificate for HTTPS on the ALB. Omitted: HTTP only. */
  readonly certificateArn?: string;
  /** ALB access logs to a retained, encrypted bucket in ForumRegistry; needs `env` with a region. Omitted: false. */
  readonly albAccessLogs?: boolean;
  /** ALB deletion protection. Omitted: false, so the starter can be torn down in one command. */
  readonly albDeletionProtection?: boolean;
  /** Days container and VPC flow logs are kept. Omitted: 30. */
  readonly logRetention?: logs.RetentionDays;
  /** Address subscribed to the alarm topic. Omitted: nothing subscribed. */
  readonly alarmEmail?: string;
  /** An OpenTelemetry collector sidecar in every service's task, sending traces to X-Ray. Omitted: false. */
  readonly tracing?: boolean;
}

/** The stacks of one deployment, for tests and outputs. */
export interface ForumStacks {
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
  readonly registry: RegistryStack;
  /** Data stack per catalog name, only for services with a `database`. */
  readonly data: ReadonlyMap<string, DataStack>;
  /** Service stack per catalog name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
  readonly gateway: GatewayStack;
  readonly dashboard: DashboardStack;
}

/**
 * Creates every stack of the forum under `scope`. Stack ids are a contract with the deploy tooling:
 * ForumNetwork, ForumPlatform, ForumRegistry, Forum<Service>Data per catalog entry with a database, Forum<Service>
 * per catalog entry, ForumGateway, ForumDashboard.
 */
export function createForumStacks(scope: Construct, props: ForumStacksProps): ForumStacks {
  const { catalog, env } = props;
  const names = props.names ?? deployNames;
  const imageNames = [...catalog.services.map((s) => s.name), GATEWAY_NAME];
  const missing = imageNames.filter((name) => props.imageTags[name] === undefined);
  if (missing.length > 0) throw new Error(`createForumStacks: no image tag for ${missing.join(', ')}`);

  // Before the network, which sends its flow logs to a group here.
  const registry = new RegistryStack(scope, names.stackId('Registry'), {
    env,
    imageNames,
    repositoryName: names.repositoryName,
    albAccessLogs: props.albAccessLogs,
    logRetention: props.logRetention,
  });
  const network = new NetworkStack(scope, names.stackId('Network'), {
    env,
    catalog,
    natGateways: props.natGateways,
    vpcEndpoints: props.vpcEndpoints,
    flowLogGroup: registry.flowLogGroup,
  });
  const platform = new PlatformStack(scope, names.stackId('Platform'), {
    env,
    clusterName: names.clusterName,
    vpc: network.vpc,
    namespace: props.namespace ?? catalog.namespace,
    alarmEmail: props.alarmEmail,
  });
  const artifacts = (name: string) => ({
    repository: required(registry.repositories, name),
    logGroup: required(registry.logGroups, name),
    imageTag: props.imageTags[name],
    family: names.taskFamily(name),
    metricNamespace: metricNamespace(names),
    alarmName: (kind: AlarmKind) => alarmName(name, kind, names),
    alarmTopic: platform.alarmTopic,
  });

  // Created before the service stacks, and depended on by them, so every deploy puts the data in place first.
  const data = new Map<string, DataStack>();
  for (const service of catalog.services.filter((s) => s.database !== undefined)) {
    data.set(
      service.name,
      new DataStack(scope, dataStackId(service.name, names), {
        env,
        service,
        vpc: network.vpc,
        serviceSecurityGroup: required(network.serviceSecurityGroups, service.name),
      }),
    );
  }

  const services = new Map<string, ServiceStack>();
  for (const service of catalog.services) {
    services.set(
      service.name,
      new ServiceStack(scope, serviceStackId(service.name, names), {
        env,
        service,
        catalog,
        cluster: platform.cluster,
        namespace: platform.namespace,
        securityGroup: required(network.serviceSecurityGroups, service.name),
        serviceSecurityGroups: network.serviceSecurityGroups,
        gatewaySecurityGroup: network.gatewaySecurityGroup,
        cpuArchitecture: props.cpuArchitecture,
        database: data.get(service.name)?.connection,
        tracing: props.tracing,
        ...artifacts(service.name),
      }),
    );
  }
  const gateway = new GatewayStack(scope, names.stackId('Gateway'), {
    env,
    catalog,
    vpc: network.vpc,
    cluster: platform.cluster,
    namespace: platform.namespace,
    securityGroup: network.gatewaySecurityGroup,
    certificateArn: props.certificateArn,
    accessLogsBucket: registry.albAccessLogsBucket,
    deletionProtection: props.albDeletionProtection,
    cpuArchitecture: props.cpuArchitecture,
    ...artifacts(GATEWAY_NAME),
  });
  const dashboard = new DashboardStack(scope, names.stackId('Dashboard'), {
    env,
    catalog,
    dashboardName: names.project,
    clusterName: names.clusterName,
    metricNamespace: metricNamespace(names),
    alarmNames: [
      ...GATEWAY_ALARM_KINDS.map((kind) => alarmName(GATEWAY_NAME, kind, names)),
      ...catalog.services.flatMap((s) => SERVICE_ALARM_KINDS.map((kind) => alarmName(s.name, kind, names))),
    ],
    loadBalancer: gateway.loadBalancer,
    targetGroup: gateway.targetGroup,
    databases: new Map([...data].map(([name, stack]) => [name, stack.database.cluster])),
  });
  return { network, platform, registry, data, services, gateway, dashboard };
}

function required<T>(map: ReadonlyMap<string, T>, name: string): T {
  const value = map.get(name);
  if (value === undefined) throw new Error(`createForumStacks: nothing created for "${name}"`);
  return value;
}
