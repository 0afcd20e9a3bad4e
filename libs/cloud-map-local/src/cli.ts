import { serviceCatalog } from '@forum/service-catalog';
import { CLOUD_MAP_USAGE, parseCloudMapArgs, type CloudMapCliCommand } from './cli-args';
import { startCloudMapLocal } from './cloud-map-local';

/** One JSON object per line on stdout, the format of every other process in the local stack. */
function logLine(level: 'info' | 'error', entry: Record<string, unknown>, msg: string): void {
  const stream = level === 'error' ? process.stderr : process.stdout;
  stream.write(`${JSON.stringify({ level, time: new Date().toISOString(), name: 'cloud-map-local', ...entry, msg })}\n`);
}

async function main(): Promise<void> {
  let command: CloudMapCliCommand;
  try {
    command = parseCloudMapArgs(process.argv.slice(2), serviceCatalog);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${CLOUD_MAP_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${CLOUD_MAP_USAGE}\n`);
    return;
  }
  const cloudMap = await startCloudMapLocal({ ...command.options, log: (entry, msg) => logLine('info', entry, msg) });
  const stop = (signal: string) => {
    logLine('info', { signal }, 'stopping');
    cloudMap.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logLine('error', { err: String(err) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  logLine('error', { err: err instanceof Error ? err.message : String(err) }, 'cloud map stand-in failed to start');
  process.exitCode = 1;
});
