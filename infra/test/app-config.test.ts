import * as ecs from 'aws-cdk-lib/aws-ecs';
import { parseAppContext } from '../lib/config/app-context';
import { resolveImageTags } from '../lib/config/image-tags';

const names = ['users', 'threads', 'posts', 'gateway'];
const noGit = () => undefined;

describe('resolveImageTags', () => {
  it('defaults every image to the git SHA and takes per-image overrides', () => {
    const tags = resolveImageTags({ names, overrides: { users: 'abc123' }, gitSha: () => 'f00d' });
    expect(tags).toEqual({ users: 'abc123', threads: 'f00d', posts: 'f00d', gateway: 'f00d' });
  });

  it('prefers the imageTag context over git and does not ask git when every image has a tag', () => {
    const gitSha = jest.fn(() => 'f00d');
    expect(resolveImageTags({ names, defaultTag: 'v1', gitSha })).toEqual({ users: 'v1', threads: 'v1', posts: 'v1', gateway: 'v1' });
    expect(gitSha).not.toHaveBeenCalled();
  });

  it('explains what to pass outside a git checkout', () => {
    expect(() => resolveImageTags({ names, gitSha: noGit })).toThrow('not a git checkout, so pass -c imageTag=<tag>');
  });

  it('rejects latest, invalid tags and overrides for unknown images', () => {
    expect(() => resolveImageTags({ names, defaultTag: 'latest', gitSha: noGit })).toThrow(/never deployed/);
    expect(() => resolveImageTags({ names, defaultTag: 'a b', gitSha: noGit })).toThrow(/not a valid ECR tag/);
    expect(() => resolveImageTags({ names, defaultTag: 'v1', overrides: { user: 'x' }, gitSha: noGit })).toThrow(
      'imageTag overrides for unknown images: user',
    );
  });
});

describe('parseAppContext', () => {
  it('defaults to ARM64, env-agnostic, nothing else set', () => {
    const context = parseAppContext({}, {});
    expect(context.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    expect(context.env).toBeUndefined();
    expect(context.natGateways).toBeUndefined();
    expect(context.imageTagOverrides).toEqual({});
  });

  it('reads CLI strings into typed settings and imageTag.<name> overrides', () => {
    const context = parseAppContext(
      { natGateways: '2', vpcEndpoints: 'true', cpuArchitecture: 'x86_64', imageTag: 'v1', 'imageTag.users': 'v2', namespace: 'x.local' },
      {},
    );
    expect(context).toMatchObject({ natGateways: 2, vpcEndpoints: true, imageTag: 'v1', namespace: 'x.local' });
    expect(context.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
    expect(context.imageTagOverrides).toEqual({ users: 'v2' });
  });

  it('targets the CLI account and region only when an account is known', () => {
    expect(parseAppContext({}, { CDK_DEFAULT_REGION: 'us-east-1' }).env).toBeUndefined();
    expect(parseAppContext({}, { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' }).env).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
    });
    expect(parseAppContext({ envAgnostic: 'true' }, { CDK_DEFAULT_ACCOUNT: '123456789012' }).env).toBeUndefined();
  });

  it('reads the ALB deletion protection flag and a log retention CloudWatch accepts', () => {
    expect(parseAppContext({ albDeletionProtection: 'true', logRetentionDays: '365' }, {})).toMatchObject({
      albDeletionProtection: true,
      logRetention: 365,
    });
    expect(parseAppContext({}, {})).toMatchObject({ albDeletionProtection: undefined, logRetention: undefined });
    expect(() => parseAppContext({ logRetentionDays: '42' }, {})).toThrow(/logRetentionDays must be one of 1, 3, 5, .*3653, got "42"/);
    expect(() => parseAppContext({ albDeletionProtection: 'on' }, {})).toThrow('albDeletionProtection must be true or false, got "on"');
  });

  it('reads the alarm e-mail address and the tracing flag, neither set by default', () => {
    expect(parseAppContext({ alarmEmail: 'ops@example.com', tracing: 'true' }, {})).toMatchObject({ alarmEmail: 'ops@example.com', tracing: true });
    expect(parseAppContext({}, {})).toMatchObject({ alarmEmail: undefined, tracing: undefined });
    expect(() => parseAppContext({ alarmEmail: 'ops' }, {})).toThrow('alarmEmail must be an e-mail address like ops@example.com, got "ops"');
    expect(() => parseAppContext({ tracing: 'yes' }, {})).toThrow('tracing must be true or false, got "yes"');
  });

  it('lists every bad value in one error', () => {
    expect(() => parseAppContext({ natGateways: 'two', vpcEndpoints: 'yes', cpuArchitecture: 'mips' }, {})).toThrow(
      /natGateways must be 1 or 2, got "two"\n {2}vpcEndpoints must be true or false, got "yes"\n {2}cpuArchitecture must be arm64 or x86_64, got "mips"/,
    );
  });
});
