import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import type { ProjectGraph } from '@nx/devkit';

/** Files outside any project that still change every image: the root build-context filter. */
const IMAGE_GLOBALS = ['.dockerignore'];

type InputEntry = string | Record<string, unknown>;

interface FilePatterns {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Expands a named input (`production`) from nx.json into globs, following references like `default`. */
export function expandNamedInput(name: string, named: Record<string, readonly InputEntry[]>, seen = new Set<string>()): FilePatterns {
  const include: string[] = [];
  const exclude: string[] = [];
  if (seen.has(name)) return { include, exclude };
  seen.add(name);
  for (const entry of named[name] ?? []) {
    // Object entries (env, runtime, externalDependencies) and dependency inputs (^x) do not name this project's files.
    if (typeof entry !== 'string' || entry.startsWith('^')) continue;
    if (entry.startsWith('!')) exclude.push(entry.slice(1));
    else if (entry.includes('{projectRoot}') || entry.includes('{workspaceRoot}')) include.push(entry);
    else {
      const inner = expandNamedInput(entry, named, seen);
      include.push(...inner.include);
      exclude.push(...inner.exclude);
    }
  }
  return { include, exclude };
}

function resolvePattern(pattern: string, root: string): string {
  const projectRoot = root === '.' || root === '' ? '' : `${root}/`;
  return pattern.replace(/^\{workspaceRoot\}\//, '').replace(/^\{projectRoot\}\//, projectRoot);
}

function matches(file: string, patterns: FilePatterns, root: string, workspaceLevel: boolean): boolean {
  const pick = (p: string) => (workspaceLevel ? p.startsWith('{workspaceRoot}') : p.startsWith('{projectRoot}'));
  const hit = (p: string) => minimatch(file, resolvePattern(p, root), { dot: true });
  return patterns.include.filter(pick).some(hit) && !patterns.exclude.some(hit);
}

function ownerOf(file: string, graph: ProjectGraph): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const [name, node] of Object.entries(graph.nodes)) {
    const root = node.data.root;
    const prefix = root === '.' || root === '' ? '' : `${root}/`;
    if (file.startsWith(prefix) && (!best || prefix.length > best.length)) best = { name, length: prefix.length };
  }
  return best?.name;
}

function dependencyClosure(project: string, graph: ProjectGraph): Set<string> {
  const closure = new Set<string>([project]);
  const queue = [project];
  while (queue.length > 0) {
    for (const dep of graph.dependencies[queue.pop() as string] ?? []) {
      // Implicit edges (infra reading every service.json) say "affected by", not "built from": the project's own
      // production input names the files it really reads from them.
      if (dep.type === 'implicit') continue;
      if (graph.nodes[dep.target] && !closure.has(dep.target)) {
        closure.add(dep.target);
        queue.push(dep.target);
      }
    }
  }
  return closure;
}

/**
 * Which of the changed files can change `project`'s image: its own and its dependencies' production files
 * (nx.json `production` named input, so READMEs, specs and test folders do not count) and workspace globals such as
 * the lockfile. `nx affected` marks a project for ANY file under its root; this is the finer filter deploys apply.
 */
export function productionChanges(project: string, changedFiles: readonly string[], graph: ProjectGraph, workspaceRoot: string): string[] {
  const nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')) as { namedInputs?: Record<string, InputEntry[]> };
  const named = nxJson.namedInputs ?? {};
  const closure = dependencyClosure(project, graph);
  const own = expandNamedInput('production', { ...named, ...(graph.nodes[project]?.data.namedInputs as Record<string, InputEntry[]> | undefined) });
  return changedFiles.filter((file) => {
    if (IMAGE_GLOBALS.includes(file)) return true;
    // Files outside the project that its own production input names (infra: apps/*/service.json).
    if (matches(file, own, '', true)) return true;
    const owner = ownerOf(file, graph);
    if (owner === undefined) return matches(file, expandNamedInput('production', named), '', true);
    if (!closure.has(owner)) return false;
    const node = graph.nodes[owner];
    const ownNamed = { ...named, ...(node.data.namedInputs as Record<string, InputEntry[]> | undefined) };
    const expanded = expandNamedInput('production', ownNamed);
    // Without a production input every project file counts, as in Nx's own default.
    const patterns = expanded.include.length > 0 ? expanded : { include: ['{projectRoot}/**/*'], exclude: [] };
    return matches(file, patterns, node.data.root, false);
  });
}
