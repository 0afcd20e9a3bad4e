import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

/** Props for {@link PlatformStack}. */
export interface PlatformStackProps extends StackProps {
  /** VPC the cluster's tasks and the private DNS namespace live in. */
  readonly vpc: ec2.IVpc;
  /** Cloud Map private DNS namespace, the same as the catalog's (and the local stack's), e.g. `forum.local`. */
  readonly namespace: string;
  /** ECS cluster name: the project's name, which the deploy tooling rolls services out in. */
  readonly clusterName: string;
}

/** The ECS cluster (Container Insights on) and the Cloud Map namespace every service registers in. */
export class PlatformStack extends Stack {
  /** The cluster every service runs in. */
  public readonly cluster: ecs.Cluster;
  /** The private DNS namespace services find each other in. */
  public readonly namespace: servicediscovery.PrivateDnsNamespace;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(props.namespace)) {
      throw new Error(`PlatformStack: namespace "${props.namespace}" must be a DNS name like forum.local`);
    }
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      // Named: the deploy tooling rolls services out in this cluster by name.
      clusterName: props.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: props.namespace,
      vpc: props.vpc,
      description: 'Service discovery for the forum services',
    });
    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName, description: 'ECS cluster of every forum service' });
    new CfnOutput(this, 'NamespaceId', { value: this.namespace.namespaceId, description: 'Cloud Map namespace id' });
  }
}
