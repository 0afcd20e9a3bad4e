import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NAME, serviceCatalog } from '@forum/service-catalog';
import { addPolicyChecks, controlTowerRule } from '../lib/policy-checks';
import { buildForum, serviceTemplate } from './support/forum-app';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const REPO_ROOT = join(__dirname, '..', '..');

interface PluginReport {
  pluginName: string;
  violations?: { ruleName: string }[];
  suppressedViolations?: { ruleName: string; reason: string }[];
}

/** The Control Tower plugin's part of the validation report of a synthesised app. */
function controlTowerReport(app: App): PluginReport {
  const report = JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  const found = report.pluginReports.find((r) => r.pluginName === 'cdk-validator-cfnguard');
  if (!found) throw new Error('the Control Tower rules did not run');
  return found;
}

function acknowledged(report: PluginReport): string[] {
  return [...new Set((report.suppressedViolations ?? []).map((v) => v.ruleName))].sort();
}

/** Instructions of a Dockerfile, e.g. every `VOLUME` line's paths. */
function dockerfile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

function declaredVolumes(text: string): string[] {
  return [...text.matchAll(/^VOLUME\s+(\[.*\])\s*$/gm)].flatMap((m) => JSON.parse(m[1]) as string[]);
}

describe('the Control Tower proactive controls', () => {
  it('leave nothing unacknowledged by default, and acknowledge only the documented defaults', () => {
    const report = controlTowerReport(buildForum({}, { controlTower: true }).app);
    expect(report.violations ?? []).toEqual([]);
    expect(acknowledged(report)).toEqual(
      [
        'alb_http_to_https_redirection_check',
        'cloudwatch_log_group_retention_period_check',
        'elbv2_deletion_protection_enabled_check',
        'elbv2_logging_enabled_check',
        'rds_cluster_logging_enabled_check',
        'rds_instance_enhanced_monitoring_enabled_check',
      ].sort(),
    );
    for (const finding of report.suppressedViolations ?? []) expect(finding.reason.length).toBeGreaterThan(20);
  });

  it('need no acknowledgement for what the settings turn on: a year of logs, HTTPS, ALB logs and deletion protection', () => {
    const report = controlTowerReport(
      buildForum({
        env: ENV,
        logRetention: logs.RetentionDays.ONE_YEAR,
        certificateArn: CERTIFICATE,
        albAccessLogs: true,
        albDeletionProtection: true,
      }, { controlTower: true }).app,
    );
    expect(report.violations ?? []).toEqual([]);
    expect(acknowledged(report)).toEqual(
      [
        'rds_cluster_logging_enabled_check',
        'rds_instance_enhanced_monitoring_enabled_check',
        // The access log buckets (log delivery allows only SSE-S3; write-once logs that expire) and the ALB's bucket,
        // which sits in another template the rule cannot follow.
        'elbv2_logging_enabled_check',
        's3_bucket_default_encryption_kms_check',
        's3_bucket_logging_enabled_check',
        's3_bucket_object_lock_enabled_check',
        's3_bucket_versioning_enabled_check',
        's3_event_notifications_enabled_check',
      ].sort(),
    );
  });

  it('fail synthesis on an unacknowledged finding, naming the rule, even where other findings are acknowledged', () => {
    const app = new App();
    addPolicyChecks(app);
    const stack = new Stack(app, 'Bad');
    const group = new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_WEEK });
    Validations.of(group).acknowledge({ id: controlTowerRule('cloudwatch_log_group_retention_period_check'), reason: 'a test' });
    Validations.of(group).acknowledge({ id: 'AwsSolutions-CW1', reason: 'a test' });
    expect(() => app.synth()).toThrow(/cloudwatch_log_group_encrypted_check/);
  });

  it('reject a rule name that is not one', () => {
    expect(() => controlTowerRule('CT.ECS.PR.3')).toThrow(/not a cfn-guard rule name/);
  });
});

describe('task definitions', () => {
  const { stacks } = buildForum();
  const deployables = [
    ...serviceCatalog.services.map((s) => ({ name: s.name, template: serviceTemplate(stacks, s.name), dockerfile: `apps/${s.name}/Dockerfile`, memory: s.memoryMiB })),
    { name: GATEWAY_NAME, template: Template.fromStack(stacks.gateway), dockerfile: 'nginx/Dockerfile', memory: 512 },
  ];

  it.each(deployables.map((d) => [d.name, d] as const))(
    '%s runs as its image\'s non-root USER, read-only, with a memory hard limit and a volume at each VOLUME of its image',
    (_name, { template, dockerfile: path, memory }) => {
      const text = dockerfile(path);
      const user = /^USER\s+(\S+)\s*$/m.exec(text)?.[1];
      expect(user).toBeDefined();
      expect(user).not.toMatch(/^(root|0)(:|$)/);
      const volumes = declaredVolumes(text);
      expect(volumes.length).toBeGreaterThan(0);
      const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
      const container = definition['Properties']['ContainerDefinitions'][0];
      expect(container).toMatchObject({ User: user, ReadonlyRootFilesystem: true, Memory: memory });
      const mounts = container['MountPoints'] as { ContainerPath: string; SourceVolume: string; ReadOnly: boolean }[];
      expect(mounts.map((m) => m.ContainerPath).sort()).toEqual([...volumes].sort());
      expect(mounts.every((m) => m.ReadOnly === false)).toBe(true);
      // Task-scoped (bind mount) volumes: no host path, no EFS, gone with the task.
      expect(definition['Properties']['Volumes']).toEqual(mounts.map((m) => ({ Name: m.SourceVolume })));
    },
  );
});

describe('log groups', () => {
  it('are all in ForumRegistry, encrypted with one retained, rotated key that CloudWatch Logs may use', () => {
    const { stacks } = buildForum();
    for (const stack of [stacks.network, stacks.platform, ...stacks.data.values(), ...stacks.services.values(), stacks.gateway]) {
      Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 0);
    }
    const registry = Template.fromStack(stacks.registry);
    const [key] = Object.keys(registry.findResources('AWS::KMS::Key'));
    registry.resourceCountIs('AWS::KMS::Key', 1);
    registry.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
    registry.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    registry.resourceCountIs('AWS::Logs::LogGroup', serviceCatalog.services.length + 2);
    registry.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 'kms:CreateGrant',
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keep 30 days by default and what logRetention says otherwise', () => {
    const byDefault = Template.fromStack(buildForum().stacks.registry);
    byDefault.allResourcesProperties('AWS::Logs::LogGroup', Match.objectLike({ RetentionInDays: 30 }));
    const year = Template.fromStack(buildForum({ logRetention: logs.RetentionDays.ONE_YEAR }).stacks.registry);
    year.allResourcesProperties('AWS::Logs::LogGroup', Match.objectLike({ RetentionInDays: 365 }));
  });

  it('take the VPC flow logs, which the network stack sends there', () => {
    const { stacks } = buildForum();
    Template.fromStack(stacks.network).hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { 'Fn::ImportValue': Match.stringLikeRegexp('^ForumRegistry:.*FlowLogs') },
      TrafficType: 'REJECT',
    });
  });
});

describe('the rest of the Control Tower fixes', () => {
  it('no subnet assigns public IPs on launch', () => {
    const template = Template.fromStack(buildForum().stacks.network);
    template.allResourcesProperties('AWS::EC2::Subnet', Match.objectLike({ MapPublicIpOnLaunch: false }));
  });

  it('the ALB turns deletion protection on when asked', () => {
    const on = Template.fromStack(buildForum({ albDeletionProtection: true }).stacks.gateway);
    on.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
    const off = Template.fromStack(buildForum().stacks.gateway);
    off.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  it('every database cluster accepts IAM authentication for people, beside the service\'s password', () => {
    const { stacks } = buildForum();
    for (const data of stacks.data.values()) {
      Template.fromStack(data).hasResourceProperties('AWS::RDS::DBCluster', { EnableIAMDatabaseAuthentication: true });
    }
    expect(stacks.data.size).toBeGreaterThan(0);
  });
});
