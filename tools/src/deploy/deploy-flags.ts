import { DeployInputError } from './deploy-errors';
import { parseCommandLine, type RawOptions } from './deploy-options';
import { assertGitShaTag } from './image-uri';
import { findDeployable, type Deployable } from './deployables';

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
  /** Deployed ref: infra-deploy skips when no production file of infra (or a service manifest) changed since. */
  readonly base?: string;
}

/**
 * Collects every bad flag of one command line, so a person fixes them all in one go rather than one per run; a
 * check that needs an earlier value is skipped when that value was already reported.
 */
class FlagProblems {
  private readonly messages: string[] = [];

  /** Runs one check; a {@link DeployInputError} is recorded and gives undefined, anything else propagates. */
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof DeployInputError)) throw error;
      this.messages.push(error.message);
      return undefined;
    }
  }

  /** Throws one {@link DeployInputError} naming every problem, one per line, or returns when there is none. */
  throwIfAny(): void {
    if (this.messages.length === 1) throw new DeployInputError(this.messages[0]);
    if (this.messages.length > 1) {
      throw new DeployInputError([`${this.messages.length} problems with the flags:`, ...this.messages.map((m) => `  - ${m}`)].join('\n'));
    }
  }
}

function required(value: string | undefined, flag: string, hint: string): string {
  if (value === undefined || value.trim() === '') throw new DeployInputError(`missing ${flag} (${hint})`);
  return value.trim();
}

function checkRegion(raw: string | undefined): string {
  const region = required(raw, '--region', 'set AWS_REGION, e.g. eu-west-1');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new DeployInputError(`--region "${region}" is not an AWS region such as eu-west-1`);
  return region;
}

function checkAccount(raw: string | undefined): string {
  const account = required(raw, '--account', 'set AWS_ACCOUNT_ID to the 12-digit account id');
  if (!/^\d{12}$/.test(account)) throw new DeployInputError(`--account "${account}" is not a 12-digit AWS account id`);
  return account;
}

function checkNoOperands(operands: readonly string[]): void {
  if (operands.length > 0) throw new DeployInputError(`unexpected argument "${operands[0]}"`);
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new DeployInputError(`${flag} "${raw}" is not a positive whole number`);
  return n;
}

function checkEngine(raw: string | undefined): Engine | undefined {
  const engine = raw?.trim() || undefined;
  if (engine !== undefined && engine !== 'docker' && engine !== 'podman') {
    throw new DeployInputError(`--engine "${engine}" must be docker or podman`);
  }
  return engine;
}

function checkPlatforms(raw: string): readonly string[] {
  const platforms = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = platforms.filter((p) => !/^linux\/(arm64|amd64)$/.test(p));
  if (bad.length > 0) throw new DeployInputError(`--platform "${bad.join(',')}" must be linux/arm64 or linux/amd64 (Fargate)`);
  return platforms;
}

function awsFlags(options: RawOptions, problems: FlagProblems) {
  return {
    region: problems.check(() => checkRegion(options.region)),
    account: problems.check(() => checkAccount(options.account)),
    cluster: options.cluster,
    dryRun: options.dryRun === true,
  };
}

/** Checks the options of `build`, `push` or `rollout`; one {@link DeployInputError} names every problem. */
export function readImageStepFlags(options: RawOptions, operands: readonly string[]): ImageStepFlags {
  const problems = new FlagProblems();
  problems.check(() => checkNoOperands(operands));
  const target = problems.check(() => findDeployable(required(options.service, '--service', 'the catalog service or gateway to act on')));
  const tag = problems.check(() => {
    const value = required(options.tag, '--tag', 'the git SHA of the commit the image is built from');
    assertGitShaTag(value);
    return value;
  });
  const aws = awsFlags(options, problems);
  const engine = problems.check(() => checkEngine(options.engine));
  const platforms = problems.check(() => checkPlatforms(options.platform));
  const timeoutSeconds = problems.check(() => positiveInt(options.timeoutSeconds, '--timeout-seconds'));
  const pollSeconds = problems.check(() => positiveInt(options.pollSeconds, '--poll-seconds'));
  problems.throwIfAny();
  return {
    ...(aws as AwsFlags),
    target: target as Deployable,
    tag: tag as string,
    base: options.base?.trim() || undefined,
    engine,
    platforms: platforms as readonly string[],
    timeoutSeconds: timeoutSeconds as number,
    pollSeconds: pollSeconds as number,
  };
}

/** Checks the options of `current-tags` and `infra-deploy`; one {@link DeployInputError} names every problem. */
export function readInfraFlags(options: RawOptions, operands: readonly string[], cdkArgs: readonly string[]): InfraFlags {
  const problems = new FlagProblems();
  problems.check(() => checkNoOperands(operands));
  const aws = awsFlags(options, problems);
  const initialTag = options.initialTag?.trim() || undefined;
  if (initialTag !== undefined) problems.check(() => assertGitShaTag(initialTag));
  problems.throwIfAny();
  return { ...(aws as AwsFlags), initialTag, cdkArgs, base: options.base?.trim() || undefined };
}

/** Parses and checks the flags of `build`, `push` or `rollout`. */
export function parseImageStepFlags(argv: readonly string[]): ImageStepFlags {
  const { options, operands } = parseCommandLine('rollout', argv);
  return readImageStepFlags(options, operands);
}

/** Parses and checks the flags of `current-tags` and `infra-deploy` (everything after `--` goes to cdk). */
export function parseInfraFlags(argv: readonly string[], command: 'current-tags' | 'infra-deploy' = 'infra-deploy'): InfraFlags {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const cdkArgs = split === -1 ? [] : argv.slice(split + 1);
  const { options, operands } = parseCommandLine(command, own);
  return readInfraFlags(options, operands, cdkArgs);
}
