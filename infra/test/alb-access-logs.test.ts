import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAppContext } from '../lib/config/app-context';
import { buildForum } from './support/forum-app';

const ENV = { account: '123456789012', region: 'eu-west-1' };
/** The ELB account that delivers access logs in eu-west-1 (aws-cdk-lib's region facts). */
const EU_WEST_1_ELB_ACCOUNT = '156460612806';

/** Rule ids acknowledged directly on a construct. */
function acknowledgedRules(construct: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => JSON.stringify(entry.data).match(/AwsSolutions-[A-Za-z0-9]+/g) ?? []);
}

/** Every cdk-nag finding left unacknowledged after synthesis. */
function violations(app: App): unknown[] {
  const report = JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations?: unknown[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
}

describe('ALB access logs', () => {
  it('are off by default: no bucket, no log attributes, ELB2 acknowledged on the ALB', () => {
    const { stacks } = buildForum({ env: ENV });
    Template.fromStack(stacks.registry).resourceCountIs('AWS::S3::Bucket', 0);
    const gateway = Template.fromStack(stacks.gateway);
    gateway.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }])),
    });
    expect(acknowledgedRules(stacks.gateway.loadBalancer)).toContain('AwsSolutions-ELB2');
  });

  it('write to a retained, encrypted, TLS-only bucket in ForumRegistry when on, and ELB2 is no longer acknowledged', () => {
    const { stacks } = buildForum({ env: ENV, albAccessLogs: true });
    const registry = Template.fromStack(stacks.registry);
    registry.resourceCountIs('AWS::S3::Bucket', 2);
    registry.allResources('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      }),
    });
    const buckets = Object.keys(registry.findResources('AWS::S3::Bucket'));
    const logBucket = buckets.find((id) => id.includes('AlbAccessLogsBucket'));
    const serverLogs = buckets.find((id) => id.includes('ServerAccessLogs'));
    expect(logBucket && serverLogs).toBeTruthy();
    registry.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: serverLogs }, LogFilePrefix: 'alb-log-bucket/' },
    });
    for (const bucket of [logBucket, serverLogs]) {
      registry.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucket },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    registry.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([`:iam::${EU_WEST_1_ELB_ACCOUNT}:root`])] } },
            Resource: { 'Fn::Join': ['', Match.arrayWith([`/alb/AWSLogs/${ENV.account}/*`])] },
          }),
        ]),
      },
    });

    Template.fromStack(stacks.gateway).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('ForumRegistry:.*AlbAccessLogsBucket') } },
        { Key: 'access_logs.s3.prefix', Value: 'alb' },
      ]),
    });
    expect(acknowledgedRules(stacks.gateway.loadBalancer)).not.toContain('AwsSolutions-ELB2');
  });

  it('leave nothing for cdk-nag or the Control Tower rules when on', () => {
    expect(violations(buildForum({ env: ENV, albAccessLogs: true }, { controlTower: true }).app)).toEqual([]);
  });

  it('refuse env-agnostic templates, where no ELB account can be granted', () => {
    expect(() => buildForum({ albAccessLogs: true })).toThrow(/ALB access logs need a region/);
  });

  it('are switched on by context albAccessLogs=true and reject other values', () => {
    expect(parseAppContext({ albAccessLogs: 'true' }, {}).albAccessLogs).toBe(true);
    expect(parseAppContext({ albAccessLogs: false }, {}).albAccessLogs).toBe(false);
    expect(parseAppContext({}, {}).albAccessLogs).toBeUndefined();
    expect(() => parseAppContext({ albAccessLogs: 'yes' }, {})).toThrow('albAccessLogs must be true or false, got "yes"');
  });
});
