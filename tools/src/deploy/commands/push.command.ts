import type { DeployContext } from '../deploy-context';
import { getRegistryLogin } from '../ecr-registry';
import { registryHost } from '../image-uri';
import { pickEngine, prepareImageStep } from './image-step';

/** `push`: ECR login through GetAuthorizationToken (password on stdin, never argv), then push every platform. */
export async function pushCommand(argv: readonly string[], ctx: DeployContext): Promise<void> {
  const step = await prepareImageStep('push', argv, ctx);
  if (!step) return;
  const { flags, uri, runner } = step;
  const engine = pickEngine(flags, ctx);
  let login = { username: 'AWS', password: '', host: registryHost(flags.account, flags.region) };
  if (flags.dryRun) {
    ctx.print(`[dry-run] would call ECR GetAuthorizationToken (region ${flags.region})`);
  } else {
    login = await getRegistryLogin(ctx.aws(flags.region).ecr);
  }
  await runner.run(engine, ['login', '--username', login.username, '--password-stdin', login.host], {
    stdin: login.password,
    stdinLabel: '(ECR authorization token)',
  });
  if (engine === 'docker') await runner.run('docker', ['push', uri]);
  else await runner.run('podman', ['manifest', 'push', '--all', uri, `docker://${uri}`]);
  if (!flags.dryRun) ctx.print(`${flags.target.name}: pushed ${uri}`);
}
