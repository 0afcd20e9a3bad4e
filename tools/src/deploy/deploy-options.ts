import { Command, CommanderError } from 'commander';
import { CLUSTER_NAME } from '@forum/service-catalog';
import { DeployInputError } from './deploy-errors';
import { listDeployables } from './deployables';

/** The subcommands of the deploy CLI. */
export const COMMANDS = ['build', 'push', 'rollout', 'current-tags', 'infra-deploy'] as const;
/** One subcommand of the deploy CLI. */
export type CommandName = (typeof COMMANDS)[number];

/** Options as commander hands them over, before any check: every value is a string except `dryRun`, absent unless given. */
export interface RawOptions {
  readonly service?: string;
  readonly tag?: string;
  readonly region?: string;
  readonly account?: string;
  readonly cluster: string;
  readonly base?: string;
  readonly engine?: string;
  readonly platform: string;
  readonly timeoutSeconds: string;
  readonly pollSeconds: string;
  readonly initialTag?: string;
  readonly dryRun?: boolean;
}

const DESCRIPTIONS: Record<CommandName, string> = {
  build: 'build the multi-platform image of one deployable, named as in ECR',
  push: 'log in to ECR and push every platform of the image',
  rollout: 'register a task definition revision on the image and roll the ECS service out to it',
  'current-tags': 'print <name>=<tag> for every deployable, as ECS runs it now',
  'infra-deploy': 'cdk deploy --all, keeping the image tags ECS runs now (arguments after -- go to cdk)',
};

function awsOptions(command: Command): Command {
  return command
    .option('--region <region>', 'AWS region, e.g. eu-west-1 (the Nx targets pass $AWS_REGION)')
    .option('--account <id>', '12-digit AWS account id (the Nx targets pass $AWS_ACCOUNT_ID)')
    .option('--cluster <name>', 'ECS cluster', CLUSTER_NAME)
    .option('--dry-run', 'print the commands and AWS calls it would make; run and call nothing');
}

function imageStepOptions(command: Command): Command {
  const names = listDeployables().map((d) => d.name).join(', ');
  return awsOptions(
    command
      .option('--service <name>', `deployable to act on: ${names}`)
      .option('--tag <sha>', "full 40-digit git SHA of HEAD, the commit the image is built from (never 'latest')"),
  )
    .option('--base <ref>', 'git ref deployed now; skip when no production file changed since (the Nx targets pass $NX_BASE)')
    .option('--engine <engine>', 'docker or podman (the Nx targets pass $DEPLOY_ENGINE; unset: docker when buildx works, else podman)')
    .option('--platform <list>', 'comma-separated image platforms (build)', 'linux/arm64,linux/amd64')
    .option('--timeout-seconds <n>', 'give up waiting for a stable service after this long (rollout)', '900')
    .option('--poll-seconds <n>', 'seconds between two service checks (rollout)', '15');
}

function infraOptions(command: Command): Command {
  return awsOptions(command)
    .option('--initial-tag <sha>', 'tag for deployables with no ECS service yet, i.e. the first deploy')
    .option('--base <ref>', 'git ref deployed now; skip when no infra file or service manifest changed since');
}

/**
 * The definition of one subcommand, its options and their help text; the CLI and the flag parsers share it, so
 * `--help` always lists exactly what is accepted. Checks beyond syntax are in deploy-flags.ts, which reports every
 * bad flag at once.
 */
export function defineCommand(name: CommandName): Command {
  const command = new Command(name)
    .description(DESCRIPTIONS[name])
    .allowExcessArguments(true)
    .showHelpAfterError(`(deploy ${name} --help lists its options)`);
  if (name === 'current-tags') return awsOptions(command);
  return name === 'infra-deploy' ? infraOptions(command) : imageStepOptions(command);
}

/** Parses one subcommand's argv (no command name) into raw options and positional arguments; syntax errors throw. */
export function parseCommandLine(name: CommandName, argv: readonly string[]): { options: RawOptions; operands: readonly string[] } {
  const command = defineCommand(name)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new DeployInputError(error.message.replace(/^error: /, ''));
    throw error;
  }
  return { options: command.opts<RawOptions>(), operands: command.args };
}
