import { decideChange } from '../change-gate';
import { dryRunRunner, type CommandRunner } from '../command-runner';
import type { DeployContext } from '../deploy-context';
import { parseImageStepFlags, type Engine, type ImageStepFlags } from '../deploy-flags';
import { DeployInputError } from '../deploy-errors';
import { assertCleanTree, resolveRef } from '../git-state';
import { imageUri } from '../image-uri';

/** A checked build/push/rollout request that passed the change gate. */
export interface ImageStep {
  readonly flags: ImageStepFlags;
  readonly uri: string;
  readonly runner: CommandRunner;
}

/**
 * Shared start of build, push and rollout: check flags, a clean tree and that the tag is HEAD, then ask the change
 * gate. Returns undefined (after saying "nothing to deploy") when no production file of the project changed.
 */
export async function prepareImageStep(step: string, argv: readonly string[], ctx: DeployContext): Promise<ImageStep | undefined> {
  const flags = parseImageStepFlags(argv);
  assertCleanTree(ctx.cwd);
  assertTagIsHead(flags.tag, resolveRef('HEAD', ctx.cwd));
  const name = flags.target.name;
  const decision = await decideChange(name, flags.base, ctx.cwd);
  if (!decision.deploy) {
    ctx.print(`${name}: nothing to deploy (${decision.reason})`);
    return undefined;
  }
  const uri = imageUri(flags.target, flags);
  ctx.print(`${flags.dryRun ? '[dry-run] ' : ''}${name}: ${step} ${uri} (${decision.reason})`);
  return { flags, uri, runner: flags.dryRun ? dryRunRunner(ctx.print) : ctx.runner };
}

/**
 * The tag must be HEAD's full 40-digit SHA: an abbreviation would name the same image differently from the tags the
 * targets, CDK and `current-tags` use (always the full SHA), and a short prefix can become ambiguous as history grows.
 */
export function assertTagIsHead(tag: string, head: string | undefined): void {
  if (tag === head) return;
  if (head?.startsWith(tag)) {
    throw new DeployInputError(`--tag ${tag} is an abbreviation of HEAD; pass the full 40-digit SHA (${head}, from git rev-parse HEAD)`);
  }
  throw new DeployInputError(`--tag ${tag} is not HEAD (${head}); images are tagged with the commit they are built from`);
}

/** The engine from `--engine`, else docker when buildx works, else podman when installed, else docker. */
export function pickEngine(flags: ImageStepFlags, ctx: DeployContext): Engine {
  if (flags.engine) return flags.engine;
  if (ctx.canRun('docker', ['buildx', 'version'])) return 'docker';
  return ctx.canRun('podman', ['--version']) ? 'podman' : 'docker';
}
