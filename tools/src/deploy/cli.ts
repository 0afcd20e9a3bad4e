import { Command, CommanderError } from 'commander';
import { buildCommand } from './commands/build.command';
import { currentTagsCommand } from './commands/current-tags.command';
import { infraDeployCommand } from './commands/infra-deploy.command';
import { pushCommand } from './commands/push.command';
import { rolloutCommand } from './commands/rollout.command';
import { defaultContext, type DeployContext } from './deploy-context';
import { DeployFailedError, DeployInputError } from './deploy-errors';
import { COMMANDS, defineCommand, type CommandName } from './deploy-options';

const handlers: Record<CommandName, (argv: readonly string[], ctx: DeployContext) => Promise<void>> = {
  build: buildCommand,
  push: pushCommand,
  rollout: rolloutCommand,
  'current-tags': currentTagsCommand,
  'infra-deploy': infraDeployCommand,
};

/**
 * The program: commander answers `--help` (for the CLI and for each command), unknown commands and option syntax;
 * the handler then receives the command's own argv and checks every value, so a direct call behaves as the CLI does.
 */
function program(argv: readonly string[], ctx: DeployContext): Command {
  const output = { writeOut: (text: string) => ctx.print(text.trimEnd()), writeErr: (text: string) => console.error(text.trimEnd()) };
  const cli = new Command('deploy')
    .description('Build, push and roll out one deployable at a time, and deploy the CDK app keeping the running images.')
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(deploy --help lists every command; deploy <command> --help its options)')
    .configureOutput(output);
  for (const name of COMMANDS) {
    const command = defineCommand(name).exitOverride().configureOutput(output);
    // The command's argv includes anything after `--`: infra-deploy hands it to cdk, the others reject it.
    command.action(() => handlers[name](argv.slice(1), ctx));
    cli.addCommand(command);
  }
  return cli;
}

/** Runs one command and returns the exit code; every failure becomes one `error:` message on stderr. */
export async function main(argv: readonly string[], ctx: DeployContext): Promise<number> {
  try {
    await program(argv, ctx).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Help and commander's own errors (unknown command or option) have been printed already.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof DeployInputError) console.error(`error: ${error.message}`);
    else if (error instanceof DeployFailedError) console.error(`deploy failed: ${error.message}`);
    else console.error(`error: ${argv[0]} stopped: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), defaultContext(process.cwd())).then((code) => {
    process.exitCode = code;
  });
}
