import { createProjectGraphAsync, readCachedProjectGraph, type ProjectGraph } from '@nx/devkit';
import { DeployInputError } from './deploy-errors';
import { changedFilesSince, resolveRef } from './git-state';
import { baseOfNxAffected } from './nx-invocation';
import { productionChanges } from './production-changes';

/** Whether a project's image must be built and rolled out, and why. */
export interface ChangeDecision {
  readonly deploy: boolean;
  readonly reason: string;
}

async function loadGraph(): Promise<ProjectGraph> {
  try {
    // Inside `nx affected` the graph was just computed and cached, so reading it costs nothing.
    return readCachedProjectGraph();
  } catch {
    return createProjectGraphAsync({ exitOnError: false });
  }
}

/**
 * Compares the project's production inputs (and its dependencies') between the deployed base and HEAD.
 * The base is `--base` (the plugin passes `$NX_BASE`), else the `--base` of the `nx affected` running this step; without
 * either the project deploys. There is deliberately no fallback to the `deployed` git tag: a local tag would silently
 * replace the base the operator chose. CI sets `NX_BASE` from that tag itself; locally use `--base=deployed`.
 */
export async function decideChange(project: string, given: string | undefined, cwd: string): Promise<ChangeDecision> {
  const base = given ?? baseOfNxAffected();
  if (base === undefined) return { deploy: true, reason: 'no base given (--base / NX_BASE), so every project nx affected selected deploys' };
  const ref = base;
  if (!resolveRef(ref, cwd)) throw new DeployInputError(`--base "${ref}" is not a commit in this repository`);
  const files = productionChanges(project, changedFilesSince(ref, cwd), await loadGraph(), cwd);
  if (files.length === 0) return { deploy: false, reason: `no production file of ${project} or its dependencies changed since ${ref}` };
  const sample = files.slice(0, 3).join(', ') + (files.length > 3 ? `, +${files.length - 3} more` : '');
  return { deploy: true, reason: `production files changed since ${ref}: ${sample}` };
}
