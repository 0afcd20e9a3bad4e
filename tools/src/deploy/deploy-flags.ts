import { parseArgs } from 'node:util';
import { CLUSTER_NAME } from '@forum/service-catalog';
import { DeployInputError } from './deploy-errors';
import { assertGitShaTag } from './image-uri';
import { findDeployable, type Deployable } from './deployables';

/** The subcommands of the deploy CLI. */
export const COMMANDS = ['build', 'push', 'rollout', 'current-tags', 'infra-deploy'] as const;
/** One subcommand of the deploy CLI. */
export type Command = (typeof COMMANDS)[number];

/** Container engine used to build and push; both speak the same CLI for what we use. */
export type Engine = 'docker' | 'podman';

/** Flags common to every command after validation. */
export interface AwsFlags {
  readonly region: string;
  readonly account: string;
  readonly cluster: string;
  readonly dryRun: boolean;
}

/** Validated flags of `build`, `push` and `rollout`. */
export interface ImageStepFlags extends AwsFlags {
  readonly target: Deployable;
  readonly tag: string;
  /** Git ref of what is deployed; when set, a project whose production files did not change since it is skipped. */
  readonly base: string | undefined;
  readonly engine: Engine | undefined;
  readonly platforms: readonly string[];
  readonly timeoutSeconds: number;
  readonly pollSeconds: number;
}

/** Validated flags of `infra-deploy` and `current-tags`. */
export interface InfraFlags extends AwsFlags {
  /** Tag to use for deployables that have no running ECS service yet (the first deploy). */
  readonly initialTag: string | undefined;
  /** Arguments after `--`, passed to `cdk deploy` unchanged. */
  readonly cdkArgs: readonly string[];
}

const options = {
  service: { type: 'string' },
  tag: { type: 'string' },
  region: { type: 'string' },
  account: { type: 'string' },
  cluster: { type: 'string', default: CLUSTER_NAME },
  base: { type: 'string' },
  engine: { type: 'string' },
  platform: { type: 'string', default: 'linux/arm64,linux/amd64' },
  'timeout-seconds': { type: 'string', default: '900' },
  'poll-seconds': { type: 'string', default: '15' },
  'initial-tag': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new DeployInputError((error as Error).message.split('\n')[0]);
  }
}

function required(value: string | undefined, flag: string, hint: string): string {
  if (value === undefined || value.trim() === '') throw new DeployInputError(`missing ${flag} (${hint})`);
  return value.trim();
}

function awsFlags(values: ReturnType<typeof parse>['values']): AwsFlags {
  const region = required(values.region, '--region', 'set AWS_REGION, e.g. eu-west-1');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new DeployInputError(`--region "${region}" is not an AWS region such as eu-west-1`);
  const account = required(values.account, '--account', 'set AWS_ACCOUNT_ID to the 12-digit account id');
  if (!/^\d{12}$/.test(account)) throw new DeployInputError(`--account "${account}" is not a 12-digit AWS account id`);
  return { region, account, cluster: values.cluster, dryRun: values['dry-run'] };
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new DeployInputError(`${flag} "${raw}" is not a positive whole number`);
  return n;
}

/** Parses and checks the flags of `build`, `push` or `rollout`; throws {@link DeployInputError} on the first problem. */
export function parseImageStepFlags(argv: readonly string[]): ImageStepFlags {
  const { values, positionals } = parse(argv);
  if (positionals.length > 0) throw new DeployInputError(`unexpected argument "${positionals[0]}"`);
  const target = findDeployable(required(values.service, '--service', 'the catalog service or gateway to act on'));
  const tag = required(values.tag, '--tag', 'the git SHA of the commit the image is built from');
  assertGitShaTag(tag);
  const engine = values.engine?.trim() || undefined;
  if (engine !== undefined && engine !== 'docker' && engine !== 'podman') {
    throw new DeployInputError(`--engine "${engine}" must be docker or podman`);
  }
  const platforms = values.platform.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of platforms) {
    if (!/^linux\/(arm64|amd64)$/.test(p)) throw new DeployInputError(`--platform "${p}" must be linux/arm64 or linux/amd64 (Fargate)`);
  }
  return {
    ...awsFlags(values),
    target,
    tag,
    base: values.base?.trim() || undefined,
    engine,
    platforms,
    timeoutSeconds: positiveInt(values['timeout-seconds'], '--timeout-seconds'),
    pollSeconds: positiveInt(values['poll-seconds'], '--poll-seconds'),
  };
}

/** Parses and checks the flags of `current-tags` and `infra-deploy` (everything after `--` goes to cdk). */
export function parseInfraFlags(argv: readonly string[]): InfraFlags {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const cdkArgs = split === -1 ? [] : argv.slice(split + 1);
  const { values, positionals } = parse(own);
  if (positionals.length > 0) throw new DeployInputError(`unexpected argument "${positionals[0]}"`);
  const initialTag = values['initial-tag']?.trim() || undefined;
  if (initialTag !== undefined) assertGitShaTag(initialTag);
  return { ...awsFlags(values), initialTag, cdkArgs };
}
