import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { controlTowerRule } from '../policy-checks';

/** Props for {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** How long log objects are kept in both buckets. Omitted: 90 days. */
  readonly expiration?: Duration;
}

/**
 * A bucket the ALB writes its access logs to: SSE-S3 (the only encryption ALB log delivery supports), TLS-only,
 * no public access, no ACLs, retained on delete, objects expiring after `expiration`. Its own S3 server access
 * logs go to a second bucket with the same settings, as cdk-nag's AwsSolutions-S1 asks.
 */
export class AccessLogBucket extends Construct {
  /** The bucket to hand to `logAccessLogs`. */
  public readonly bucket: s3.Bucket;
  /** Where S3 writes the server access logs of {@link bucket}. */
  public readonly serverAccessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps = {}) {
    super(scope, id);
    const expiration = props.expiration ?? Duration.days(90);
    if (expiration.toDays() < 1) throw new Error(`AccessLogBucket: expiration must be at least 1 day, got ${expiration.toDays()}`);
    const settings: s3.BucketProps = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration }],
    };
    this.serverAccessLogsBucket = new s3.Bucket(this, 'ServerAccessLogs', settings);
    const recursion = 'This bucket receives the server access logs of the ALB log bucket; logging it too would only recurse.';
    Validations.of(this.serverAccessLogsBucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: recursion },
      { id: controlTowerRule('s3_bucket_logging_enabled_check'), reason: recursion },
    );
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...settings,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'alb-log-bucket/',
    });
    // Control Tower's S3 rules are written for data buckets; these hold write-once logs that expire.
    for (const bucket of [this.bucket, this.serverAccessLogsBucket]) {
      Validations.of(bucket).acknowledge(
        {
          id: controlTowerRule('s3_bucket_default_encryption_kms_check'),
          reason: 'ALB access log delivery supports only SSE-S3 (AES256), not KMS keys.',
        },
        {
          id: controlTowerRule('s3_bucket_versioning_enabled_check'),
          reason: `Log objects are written once and expire after ${expiration.toDays()} days; versions would only keep expired copies.`,
        },
        {
          id: controlTowerRule('s3_bucket_object_lock_enabled_check'),
          reason: 'Object Lock would forbid the lifecycle expiry that bounds the cost of the logs.',
        },
        {
          id: controlTowerRule('s3_event_notifications_enabled_check'),
          reason: 'Nothing reacts to a new log object; they are read when investigating.',
        },
      );
    }
  }
}
