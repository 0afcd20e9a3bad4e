import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from '../constructs/alarm-topic';

/** Props for {@link PlatformStack}. */
export interface PlatformStackProps extends StackProps {
  /** VPC the cluster's tasks and the private DNS namespace live in. */
  readonly vpc: ec2.IVpc;
  /** Cloud Map private DNS namespace, the same as the catalog's (and the local stack's), e.g. `forum.local`. */
  readonly namespace: string;
  /** ECS cluster name: the project's name, which the deploy tooling rolls services out in. */
  readonly clusterName: string;
  /** Address subscribed to the alarm topic. Omitted: nothing subscribed. */
  readonly alarmEmail?: string;
}

/**
 * The ECS cluster (Container Insights on), the Cloud Map namespace every service registers in, and the topic every
 * alarm notifies: what the service stacks and the gateway share.
 */
export class PlatformStack extends Stack {
  /** The cluster every service runs in. */
  public readonly cluster: ecs.Cluster;
  /** The private DNS namespace services find each other in. */
  public readonly namespace: servicediscovery.PrivateDnsNamespace;
  /** Where every alarm sends its ALARM and OK notifications. */
  public readonly alarmTopic: sns.ITopic;

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
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { displayName: `${props.clusterName} alarms`, email: props.alarmEmail }).topic;
    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName, description: 'ECS cluster of every forum service' });
    new CfnOutput(this, 'NamespaceId', { value: this.namespace.namespaceId, description: 'Cloud Map namespace id' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'SNS topic of every alarm; subscribe to it' });
  }
}
