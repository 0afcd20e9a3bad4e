import { CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { ImageRepository } from '../constructs/image-repository';
import { pascalCase } from '../naming';

/** Props for {@link RegistryStack}. */
export interface RegistryStackProps extends StackProps {
  /** Every deployable image: the catalog's services plus the gateway. */
  readonly imageNames: readonly string[];
  /** How long container logs are kept. Omitted: one month. */
  readonly logRetention?: logs.RetentionDays;
  /** Images kept per repository. Omitted: 30. */
  readonly keepImages?: number;
  /** Whether to create the bucket the ALB writes access logs to. Omitted: false, no bucket. */
  readonly albAccessLogs?: boolean;
}

/**
 * The stateful pieces, in their own stack and retained on delete: one ECR repository and one log group per
 * image, and the ALB access log bucket when asked for. Service stacks can be replaced or destroyed without losing
 * images or logs.
 */
export class RegistryStack extends Stack {
  /** Repository per image name. */
  public readonly repositories: ReadonlyMap<string, ecr.IRepository>;
  /** Container log group per image name. */
  public readonly logGroups: ReadonlyMap<string, logs.ILogGroup>;
  /** Bucket for the ALB access logs; undefined unless `albAccessLogs` is set. */
  public readonly albAccessLogsBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    if (new Set(props.imageNames).size !== props.imageNames.length) {
      throw new Error(`RegistryStack: image names must be unique, got ${props.imageNames.join(', ')}`);
    }
    const repositories = new Map<string, ecr.IRepository>();
    const logGroups = new Map<string, logs.ILogGroup>();
    for (const name of props.imageNames) {
      const id = pascalCase(name);
      const { repository } = new ImageRepository(this, `${id}Repository`, { imageName: name, keepImages: props.keepImages });
      repositories.set(name, repository);
      logGroups.set(
        name,
        new logs.LogGroup(this, `${id}Logs`, {
          retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
      new CfnOutput(this, `${id}RepositoryUri`, { value: repository.repositoryUri, description: `ECR repository of ${name}` });
    }
    this.repositories = repositories;
    this.logGroups = logGroups;
    if (props.albAccessLogs) {
      this.albAccessLogsBucket = new AccessLogBucket(this, 'AlbAccessLogs').bucket;
      new CfnOutput(this, 'AlbAccessLogsBucket', { value: this.albAccessLogsBucket.bucketName, description: 'ALB access logs' });
    }
  }
}
