import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { denyGrantsExceptForAwsServices } from '../kms-policies';

/** What {@link AlarmTopic} accepts as an e-mail address: one `@`, a dot in the domain, no spaces. */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Props for {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Shown as the sender of e-mail notifications. */
  readonly displayName: string;
  /** Address subscribed to every notification (it must confirm the subscription). Omitted: nothing subscribed. */
  readonly email?: string;
}

/**
 * The SNS topic every alarm notifies on ALARM and OK: encrypted with its own customer managed key (CloudWatch cannot
 * publish to a topic under the AWS managed SNS key), TLS-only publishing, nothing subscribed unless asked.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    if (props.email !== undefined && !EMAIL_ADDRESS.test(props.email)) {
      throw new Error(`AlarmTopic: email must be an e-mail address like ops@example.com, got "${props.email}"`);
    }
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.displayName} topic`,
      enableKeyRotation: true,
      // Holds no data at rest beyond messages in flight, so it goes with the stack instead of costing on forever.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish with the key, as AWS's guide for encrypted topics shows it (no condition keys); the
    // topic policy below limits who may publish.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    denyGrantsExceptForAwsServices(key);
    this.topic = new sns.Topic(this, 'Topic', { displayName: props.displayName, masterKey: key, enforceSSL: true });
    // The topic policy replaces SNS's default one, so CloudWatch is let in explicitly: alarms of this account only.
    const { account, region, partition } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.email !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
