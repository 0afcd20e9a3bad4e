import { buildCommand } from './commands/build.command';
import { currentTagsCommand } from './commands/current-tags.command';
import { infraDeployCommand } from './commands/infra-deploy.command';
import { pushCommand } from './commands/push.command';
import { rolloutCommand } from './commands/rollout.command';
import { defaultContext, type DeployContext } from './deploy-context';
import { DeployFailedError, DeployInputError } from './deploy-errors';
import { COMMANDS, type Command } from './deploy-flags';

const handlers: Record<Command, (argv: readonly string[], ctx: DeployContext) => Promise<void>> = {
  build: buildCommand,
  push: pushCommand,
  rollout: rolloutCommand,
  'current-tags': currentTagsCommand,
  'infra-deploy': infraDeployCommand,
};

const USAGE = `usage: deploy <${COMMANDS.join('|')}> --region <r> --account <id> [--service <name> --tag <git sha>] [--dry-run]`;

/** Runs one command and returns the exit code; every failure becomes one line on stderr. */
export async function main(argv: readonly string[], ctx: DeployContext): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    console.error(`error: ${command ? `unknown command "${command}"` : 'missing command'}\n${USAGE}`);
    return 1;
  }
  try {
    await handlers[command as Command](rest, ctx);
    return 0;
  } catch (error) {
    if (error instanceof DeployInputError) console.error(`error: ${error.message}`);
    else if (error instanceof DeployFailedError) console.error(`deploy failed: ${error.message}`);
    else console.error(`error: ${command} stopped: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), defaultContext(process.cwd())).then((code) => {
    process.exitCode = code;
  });
}
