import { CfnOutput, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { ImageRepository } from '../constructs/image-repository';
import { denyGrantsExceptForAwsServices } from '../kms-policies';
import { pascalCase } from '../naming';
import { controlTowerRule } from '../policy-checks';

/** The shortest retention Control Tower's CT.CLOUDWATCH.PR.2 accepts. */
const ONE_YEAR = logs.RetentionDays.ONE_YEAR;

/** Props for {@link RegistryStack}. */
export interface RegistryStackProps extends StackProps {
  /** Every deployable image: the catalog's services plus the gateway. */
  readonly imageNames: readonly string[];
  /** Repository name of an image (the project's deploy names). */
  readonly repositoryName: (imageName: string) => string;
  /** How long container and VPC flow logs are kept. Omitted: one month (below a year, acknowledged as a cost choice). */
  readonly logRetention?: logs.RetentionDays;
  /** Images kept per repository. Omitted: 30. */
  readonly keepImages?: number;
  /** Whether to create the bucket the ALB writes access logs to. Omitted: false, no bucket. */
  readonly albAccessLogs?: boolean;
}

/**
 * The stateful pieces, in their own stack and retained on delete: one ECR repository and one log group per
 * image, the VPC flow log group, the KMS key every log group is encrypted with, and the ALB access log bucket when
 * asked for. Service stacks can be replaced or destroyed without losing images or logs.
 */
export class RegistryStack extends Stack {
  /** Repository per image name. */
  public readonly repositories: ReadonlyMap<string, ecr.IRepository>;
  /** Container log group per image name. */
  public readonly logGroups: ReadonlyMap<string, logs.ILogGroup>;
  /** Where the network stack's VPC flow logs go (rejected traffic only). */
  public readonly flowLogGroup: logs.ILogGroup;
  /** The key every log group here is encrypted with. */
  public readonly logsKey: kms.IKey;
  /** Bucket for the ALB access logs; undefined unless `albAccessLogs` is set. */
  public readonly albAccessLogsBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    if (new Set(props.imageNames).size !== props.imageNames.length) {
      throw new Error(`RegistryStack: image names must be unique, got ${props.imageNames.join(', ')}`);
    }
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.logsKey = this.createLogsKey();
    // Local to every log group that uses it: Control Tower's CT.CLOUDWATCH.PR.3 accepts a key ARN only as a literal
    // or a reference within the same template, which is why the flow log group lives here and not in ForumNetwork.
    const logGroup = (id: string) => {
      const group = new logs.LogGroup(this, id, { retention, encryptionKey: this.logsKey, removalPolicy: RemovalPolicy.RETAIN });
      if (retention < ONE_YEAR) {
        Validations.of(group).acknowledge({
          id: controlTowerRule('cloudwatch_log_group_retention_period_check'),
          reason: `Logs are kept ${retention} days to keep the starter's cost down; context logRetentionDays=365 or more meets the rule.`,
        });
      }
      return group;
    };
    this.flowLogGroup = logGroup('FlowLogs');
    const repositories = new Map<string, ecr.IRepository>();
    const logGroups = new Map<string, logs.ILogGroup>();
    for (const name of props.imageNames) {
      const id = pascalCase(name);
      const { repository } = new ImageRepository(this, `${id}Repository`, { imageName: name, repositoryName: props.repositoryName(name), keepImages: props.keepImages });
      repositories.set(name, repository);
      logGroups.set(name, logGroup(`${id}Logs`));
      new CfnOutput(this, `${id}RepositoryUri`, { value: repository.repositoryUri, description: `ECR repository of ${name}` });
    }
    this.repositories = repositories;
    this.logGroups = logGroups;
    if (props.albAccessLogs) {
      this.albAccessLogsBucket = new AccessLogBucket(this, 'AlbAccessLogs').bucket;
      new CfnOutput(this, 'AlbAccessLogsBucket', { value: this.albAccessLogsBucket.bucketName, description: 'ALB access logs' });
    }
  }

  /** One customer managed key for every log group, rotated yearly, retained so old log events stay readable. */
  private createLogsKey(): kms.Key {
    const key = new kms.Key(this, 'LogsKey', {
      description: 'Encrypts the forum log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key itself, so the key policy names the service, limited to this account's
    // log groups in this region by the encryption context it always sends.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
        },
      }),
    );
    denyGrantsExceptForAwsServices(key);
    return key;
  }
}
