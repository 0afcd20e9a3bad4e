import { execFile } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Saves arrive as bursts of events (editors write, rename, touch): act once the burst is over. */
const SETTLE_MS = 300;

/** What Nx's project graph says: each project's folder and the projects it imports. */
export interface ProjectGraph {
  nodes: Record<string, { data: { root: string } }>;
  dependencies: Record<string, Array<{ target: string }>>;
}

/** The folders (workspace-relative) whose files go into each service's bundle: its own and every lib it uses. */
export function serviceSourceRoots(graph: ProjectGraph, services: readonly string[]): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  for (const service of services) {
    const seen = new Set<string>([service]);
    const queue = [service];
    while (queue.length > 0) {
      for (const dep of graph.dependencies[queue.shift() as string] ?? []) {
        if (graph.nodes[dep.target] && !seen.has(dep.target)) {
          seen.add(dep.target);
          queue.push(dep.target);
        }
      }
    }
    roots.set(service, [...seen].map((name) => graph.nodes[name]?.data.root).filter((root): root is string => Boolean(root)));
  }
  return roots;
}

/** The services a changed file (workspace-relative) goes into; tests and docs go into none. */
export function servicesTouchedBy(file: string, roots: ReadonlyMap<string, string[]>): string[] {
  if (/\.(spec|test)\.ts$|\.md$/.test(file) || file.split('/').includes('test')) return [];
  return [...roots].filter(([, dirs]) => dirs.some((dir) => file.startsWith(`${dir}/`))).map(([service]) => service);
}

/** Reads Nx's project graph (a few seconds, once per `--watch` start). */
export async function readProjectGraph(workspaceRoot: string): Promise<ProjectGraph> {
  const file = join(tmpdir(), `forum-local-stack-graph-${process.pid}.json`);
  try {
    await run('npx', ['nx', 'graph', `--file=${file}`], { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: 'false' } });
    return (JSON.parse(await readFile(file, 'utf8')) as { graph: ProjectGraph }).graph;
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Watches `apps/` and `libs/` and calls `onChange` with the services a burst of saves went into. Calls never overlap:
 * saves during a rebuild are gathered for the next one.
 */
export function watchServices(
  workspaceRoot: string,
  roots: ReadonlyMap<string, string[]>,
  onChange: (services: string[], files: string[]) => Promise<void>,
): { close(): void } {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const flush = async () => {
    if (busy || pending.size === 0) return;
    busy = true;
    const files = [...pending];
    pending.clear();
    const services = [...new Set(files.flatMap((f) => servicesTouchedBy(f, roots)))];
    try {
      if (services.length > 0) await onChange(services, files);
    } finally {
      busy = false;
      void flush();
    }
  };
  const watchers: FSWatcher[] = ['apps', 'libs'].map((dir) =>
    watch(join(workspaceRoot, dir), { recursive: true }, (_event, name) => {
      if (!name) return;
      pending.add(relative(workspaceRoot, join(workspaceRoot, dir, name.toString())).split(sep).join('/'));
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), SETTLE_MS);
    }),
  );
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
