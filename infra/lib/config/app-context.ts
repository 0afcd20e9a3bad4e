import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment } from 'aws-cdk-lib';
import { EMAIL_ADDRESS } from '../constructs/alarm-topic';

/** Deployment settings parsed from CDK context and the environment. */
export interface AppContext {
  readonly env?: Environment;
  readonly namespace?: string;
  readonly natGateways?: number;
  readonly vpcEndpoints?: boolean;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly certificateArn?: string;
  /** Context `albAccessLogs`: ALB access logs to a bucket in ForumRegistry. */
  readonly albAccessLogs?: boolean;
  /** Context `albDeletionProtection`: the ALB refuses deletion. */
  readonly albDeletionProtection?: boolean;
  /** Context `logRetentionDays`: how long container and flow logs are kept. */
  readonly logRetention?: logs.RetentionDays;
  /** Context `alarmEmail`: an address subscribed to every alarm notification. */
  readonly alarmEmail?: string;
  /** Context `tracing`: an OpenTelemetry collector sidecar in every service's task. */
  readonly tracing?: boolean;
  /** Context `imageTag`: the tag for every image without an override. */
  readonly imageTag?: string;
  /** Context `imageTag.<name>` entries, by image name. */
  readonly imageTagOverrides: Readonly<Record<string, string>>;
}

/** The environment variables the CDK CLI sets for the target account and region. */
export interface CdkEnvironment {
  readonly CDK_DEFAULT_ACCOUNT?: string;
  readonly CDK_DEFAULT_REGION?: string;
}

/**
 * Parses `-c key=value` context (strings from the CLI, typed values from cdk.json) into settings, collecting
 * every bad value into one error.
 */
export function parseAppContext(context: Readonly<Record<string, unknown>>, cdkEnv: CdkEnvironment): AppContext {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = context[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`${key} must be a string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return String(value);
  };
  const natText = text('natGateways');
  const natGateways = natText === undefined ? undefined : Number(natText);
  if (natGateways !== undefined && !Number.isInteger(natGateways)) problems.push(`natGateways must be 1 or 2, got "${natText}"`);
  const flag = (key: string): boolean | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') problems.push(`${key} must be true or false, got "${value}"`);
    return value === 'true';
  };
  const vpcEndpoints = flag('vpcEndpoints');
  const albAccessLogs = flag('albAccessLogs');
  const albDeletionProtection = flag('albDeletionProtection');
  const tracing = flag('tracing');
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL_ADDRESS.test(alarmEmail)) {
    problems.push(`alarmEmail must be an e-mail address like ops@example.com, got "${alarmEmail}"`);
  }
  const retentionText = text('logRetentionDays');
  // Only the values CloudWatch Logs accepts (RetentionDays); INFINITE is spelt 9999 there, left out on purpose.
  const retentionValues = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE);
  const logRetention = retentionText === undefined ? undefined : (Number(retentionText) as logs.RetentionDays);
  if (logRetention !== undefined && !retentionValues.includes(logRetention)) {
    problems.push(`logRetentionDays must be one of ${retentionValues.join(', ')}, got "${retentionText}"`);
  }
  const architectures: Record<string, ecs.CpuArchitecture> = { arm64: ecs.CpuArchitecture.ARM64, x86_64: ecs.CpuArchitecture.X86_64 };
  const archText = text('cpuArchitecture') ?? 'arm64';
  if (!(archText in architectures)) problems.push(`cpuArchitecture must be arm64 or x86_64, got "${archText}"`);

  const imageTagOverrides: Record<string, string> = {};
  for (const key of Object.keys(context).filter((k) => k.startsWith('imageTag.'))) {
    const tag = text(key);
    if (tag !== undefined) imageTagOverrides[key.slice('imageTag.'.length)] = tag;
  }
  if (problems.length > 0) throw new Error(`Invalid CDK context:\n  ${problems.join('\n  ')}`);

  return Object.freeze({
    env: text('envAgnostic') === 'true' ? undefined : targetEnvironment(text('account'), text('region'), cdkEnv),
    namespace: text('namespace'),
    natGateways,
    vpcEndpoints,
    cpuArchitecture: architectures[archText],
    certificateArn: text('certificateArn'),
    albAccessLogs,
    albDeletionProtection,
    logRetention,
    alarmEmail,
    tracing,
    imageTag: text('imageTag'),
    imageTagOverrides,
  });
}

/**
 * Account and region from context `account`/`region`, else from the CLI's CDK_DEFAULT_* variables when it knows
 * the account (it sets a default region even without credentials, which would pin offline synths to us-east-1).
 * Without an account, or with context `envAgnostic=true`, the templates are env-agnostic.
 */
function targetEnvironment(account: string | undefined, region: string | undefined, cdkEnv: CdkEnvironment): Environment | undefined {
  if (account !== undefined) return { account, region: region ?? cdkEnv.CDK_DEFAULT_REGION };
  if (cdkEnv.CDK_DEFAULT_ACCOUNT) return { account: cdkEnv.CDK_DEFAULT_ACCOUNT, region: region ?? cdkEnv.CDK_DEFAULT_REGION };
  return undefined;
}
