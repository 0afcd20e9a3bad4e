/**
 * Context every forum App is created with (bin/app.ts and the tests alike, so tests see the real templates).
 * Cross-stack references stay strong: CloudFormation refuses to delete an export a service stack still imports.
 * S3 server access logs are granted by bucket policy, not the legacy log-delivery ACL, so log buckets keep ACLs off.
 */
export const FORUM_APP_CONTEXT: Readonly<Record<string, string>> = Object.freeze({
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': 'true',
});
