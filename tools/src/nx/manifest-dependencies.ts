import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';

/** Projects that read every service's `service.json` at run time (through `@forum/service-catalog`). */
const MANIFEST_READERS = ['infra', 'tools'];

/**
 * Makes the projects that assemble the workspace's services from their manifests depend on each service, since
 * they read `apps/<name>/service.json` from disk, which no import shows Nx. So a change to posts' scaling marks posts
 * and infra affected; the services themselves import only their own manifest, so no other service is.
 */
export const createDependencies: CreateDependencies = (_options, context) => {
  const projects = Object.values(context.projects);
  const readers = MANIFEST_READERS.filter((name) => projects.some((p) => p.name === name));
  const dependencies: RawProjectGraphDependency[] = [];
  for (const project of projects) {
    if (!project.name || !existsSync(join(context.workspaceRoot, project.root, 'service.json'))) continue;
    for (const source of readers) dependencies.push({ source, target: project.name, type: DependencyType.implicit });
  }
  return dependencies;
};
