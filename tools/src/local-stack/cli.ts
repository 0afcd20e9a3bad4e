import { serviceCatalog } from '@forum/service-catalog';
import { parseStackArgs, USAGE, type UpCommand } from './cli-args';
import { requestRestart } from './control-socket';
import { startLocalStack } from './local-stack';
import { openPsql } from './psql';
import { Progress } from './progress';
import { traceRequest } from './trace';

// `npm start -- ...`: runs the whole system locally, or talks to the running one (restart, psql) or reads its logs (trace).
async function main(argv: string[]): Promise<void> {
  const command = parseStackArgs(argv, serviceCatalog);
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (command.kind === 'restart') {
    const result = await requestRestart(command.stateDir, command.target);
    console.log(`restarted: ${result['stopped']} (${result['oldAddress']}) -> ${result['started']} (${result['address']})`);
    return;
  }
  if (command.kind === 'psql') {
    process.exitCode = await openPsql(command.stateDir, command.service, command.psqlArgs);
    return;
  }
  if (command.kind === 'trace') {
    const calls = (name: string) => serviceCatalog.services.find((s) => s.name === name)?.calls;
    const text = await traceRequest(command.stateDir, command.id, { calls, json: command.json });
    // main's caller exits right away; a pipe (`| jq`) may still be taking a long trace on some systems.
    await new Promise<void>((done) => process.stdout.write(`${text}\n`, () => done()));
    return;
  }
  await runUntilSignalled(command);
}

async function runUntilSignalled(command: UpCommand): Promise<void> {
  const progress = new Progress();
  const stack = await startLocalStack(command, serviceCatalog, progress);
  const url = `http://localhost:${command.gatewayPort}`;
  const stateFlag = command.stateDir === '.local-stack' ? '' : ` --state-dir ${command.stateDir}`;
  const pg = stack.postgres;
  progress.step('ready');
  console.log(
    [
      '',
      `  Gateway     ${url}   try: curl ${url}/api/users`,
      `  PostgreSQL  ${pg.host}:${pg.port}   ${pg.databases.length ? `databases ${pg.databases.join(', ')}; shell: npm start -- psql ${pg.databases[0]}${stateFlag}` : 'no service owns a database'}`,
      `  State       ${command.stateDir}/state.json (instances, Cloud Map, PostgreSQL); data in ${command.stateDir}/postgres/ (--fresh wipes it)`,
      `  Logs        ${command.stateDir}/logs/ (one file per instance, gateway-access.log, gateway-error.log)`,
      `  Restart     npm start -- restart <service|instanceId>${stateFlag}`,
      `  Trace       npm start -- trace <request id or trace id>${stateFlag}   one request's path through the stack`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  // A crash of the runner must not leave children behind; they run in their own process groups.
  process.once('exit', () => stack.killNow());
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return; // npm and tsx forward the terminal's signal too: one shutdown is enough
      stopping = true;
      progress.step(`${signal}: shutting down`);
      stack.stop().then(resolve, (err: Error) => {
        progress.warn(`shutdown: ${err.message}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal); // the terminal went away
  });
  progress.step('stopped; nothing left running');
}

main(process.argv.slice(2)).then(
  () => process.exit(),
  (err: Error) => {
    console.error(`\nlocal stack: ${err.message}`);
    process.exit(1);
  },
);
