import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { addPolicyChecks } from '../lib/policy-checks';
import { buildForum, catalogWithComments } from './support/forum-app';

/** Synthesises (which runs cdk-nag) and returns every violation in the validation report. */
function violations(app: App): unknown[] {
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations?: unknown[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
}

describe('cdk-nag AwsSolutions and the Control Tower rules', () => {
  it('finds nothing unacknowledged in the default app', () => {
    expect(violations(buildForum({}, { controlTower: true }).app)).toEqual([]);
  });

  it('finds nothing unacknowledged with HTTPS, x86_64, two NATs, VPC endpoints, a fourth service, tracing and alarm mail', () => {
    const { app } = buildForum({
      catalog: catalogWithComments(),
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      cpuArchitecture: ecs.CpuArchitecture.X86_64,
      natGateways: 2,
      vpcEndpoints: true,
      tracing: true,
      alarmEmail: 'ops@example.com',
    }, { controlTower: true });
    expect(violations(app)).toEqual([]);
  });

  it('fails synthesis on an unacknowledged finding, naming the rule', () => {
    const app = new App();
    addPolicyChecks(app);
    const stack = new Stack(app, 'Bad');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    const group = new ec2.SecurityGroup(stack, 'Open', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(() => app.synth()).toThrow(/AwsSolutions-EC23/);
  });
});
