import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ServiceCatalog } from '@forum/service-catalog';
import { Construct } from 'constructs';
import { pascalCase } from '../naming';

/** Props for {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /** Services that each get a security group here (ingress is added in their own stacks). */
  readonly catalog: ServiceCatalog;
  /** NAT gateways for the private subnets. Omitted: 1 (cheap; one AZ failure cuts outbound traffic). */
  readonly natGateways?: number;
  /** Add ECR api/dkr, CloudWatch Logs and S3 endpoints so image pulls and logs skip NAT. Omitted: false. */
  readonly vpcEndpoints?: boolean;
  /** Where the VPC's flow logs (rejected traffic) go; a retained, encrypted group in the registry stack. */
  readonly flowLogGroup: logs.ILogGroup;
}

/**
 * The VPC over two AZs (public subnets for the ALB, private ones for tasks, isolated ones for the databases) and
 * every task security group.
 * Groups live here, empty of ingress, so each service stack can add its own rules from any caller's group
 * without stacks referencing each other in a cycle.
 */
export class NetworkStack extends Stack {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The nginx tasks' group. */
  public readonly gatewaySecurityGroup: ec2.SecurityGroup;
  /** Each catalog service's group, by service name. */
  public readonly serviceSecurityGroups: ReadonlyMap<string, ec2.SecurityGroup>;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const natGateways = props.natGateways ?? 1;
    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 2) {
      // Tasks reach Cloud Map's API and anything outside AWS through NAT; there are two AZs.
      throw new Error(`NetworkStack: natGateways must be 1 or 2, got ${natGateways}`);
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways,
      subnetConfiguration: [
        // No automatic public IPs: the ALB and the NAT gateway bring their own, and nothing else belongs here.
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        // Last, so the existing subnets keep their CIDR blocks. No route out: the databases answer, never call.
        { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(props.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    this.gatewaySecurityGroup = new ec2.SecurityGroup(this, 'GatewaySecurityGroup', {
      vpc: this.vpc,
      description: 'nginx gateway tasks: inbound only from the ALB',
      allowAllOutbound: true,
    });
    const groups = new Map<string, ec2.SecurityGroup>();
    for (const service of props.catalog.services) {
      groups.set(
        service.name,
        new ec2.SecurityGroup(this, `${pascalCase(service.name)}SecurityGroup`, {
          vpc: this.vpc,
          description: `${service.name} tasks: inbound only from the gateway and its callers`,
          allowAllOutbound: true,
        }),
      );
    }
    this.serviceSecurityGroups = groups;
    if (props.vpcEndpoints) this.addEndpoints([this.gatewaySecurityGroup, ...groups.values()]);
  }

  /** ECR, S3 (image layers) and Logs endpoints, reachable on 443 only from the task groups. */
  private addEndpoints(clients: readonly ec2.ISecurityGroup[]): void {
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const endpointGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'VPC interface endpoints: HTTPS from forum tasks only',
      allowAllOutbound: false,
    });
    for (const client of clients) endpointGroup.addIngressRule(client, ec2.Port.tcp(443), 'forum tasks to AWS APIs');
    const interfaceOptions = { subnets: privateSubnets, securityGroups: [endpointGroup], open: false };
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [privateSubnets] });
    this.vpc.addInterfaceEndpoint('EcrApiEndpoint', { service: ec2.InterfaceVpcEndpointAwsService.ECR, ...interfaceOptions });
    this.vpc.addInterfaceEndpoint('EcrDockerEndpoint', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ...interfaceOptions });
    this.vpc.addInterfaceEndpoint('LogsEndpoint', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, ...interfaceOptions });
  }
}

