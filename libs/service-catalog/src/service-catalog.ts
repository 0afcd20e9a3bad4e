import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseServiceManifest, type ServiceDefinition } from './manifest';
import { z } from 'zod';
import projectSettingsJson from './project-settings.json';

export { DEFAULT_ALARM_THRESHOLDS } from './manifest';
export type { ServiceAlarmThresholds, ServiceDatabaseSize as ServiceDatabase, ServiceDefinition, ServiceScaling } from './manifest';

/** The repository root, where `apps/<name>/service.json` live. */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** Where each service keeps its own settings, relative to the workspace root. */
export function manifestPath(name: string): string {
  return join('apps', name, 'service.json');
}

const settingsSchema = z.strictObject({
  namespace: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like forum.local'),
});

/** Every service and the discovery namespace they share. */
export type ServiceCatalog = Readonly<{ namespace: string; services: readonly ServiceDefinition[] }>;

/**
 * Checks what no single manifest can: unique names and calls to services that exist. Services come out callees
 * first, otherwise in the order given, so whatever starts them in order starts a service after those it calls.
 * Exposed so tests can build variants (a fourth service, say) from the real one.
 */
export function parseServiceCatalog(input: { namespace: unknown; services: readonly unknown[] }): ServiceCatalog {
  const problems: string[] = [];
  const settings = settingsSchema.safeParse({ namespace: input.namespace });
  if (!settings.success) problems.push(...settings.error.issues.map((i) => `namespace: ${i.message}`));
  const services: ServiceDefinition[] = [];
  for (const [index, raw] of input.services.entries()) {
    try {
      services.push(parseServiceManifest(raw, `manifest of ${describe(raw, index)}`));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const names = new Set<string>();
  for (const s of services) {
    if (names.has(s.name)) problems.push(`service "${s.name}" is listed twice`);
    names.add(s.name);
  }
  for (const s of services) {
    for (const callee of s.calls) if (!names.has(callee)) problems.push(`service "${s.name}" calls unknown service "${callee}"`);
  }
  if (problems.length === 0 && services.length === 0) problems.push('no services: add apps/<name>/service.json');
  if (problems.length > 0) throw new Error(`Invalid service catalog:\n  ${problems.join('\n  ')}`);
  const namespace = (settings.data as { namespace: string }).namespace;
  return Object.freeze({ namespace, services: Object.freeze(calleesFirst(services)) });
}

/** Reads every `apps/<name>/service.json` below `workspaceRoot` and the project settings. */
export function loadServiceCatalog(workspaceRoot: string = WORKSPACE_ROOT): ServiceCatalog {
  const appsDir = join(workspaceRoot, 'apps');
  const services = readdirSync(appsDir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'service.json')))
    .map((entry) => {
      const file = join(workspaceRoot, manifestPath(entry.name));
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; routePrefix?: unknown };
      if (manifest.name !== entry.name) throw new Error(`${manifestPath(entry.name)}: name must be "${entry.name}", its folder`);
      if (manifest.routePrefix !== undefined) {
        throw new Error(`${manifestPath(entry.name)}: routePrefix is always /api/<name>; remove it`);
      }
      return manifest;
    });
  return parseServiceCatalog({ namespace: projectNamespace(projectSettingsJson), services });
}

/** The Cloud Map namespace: `namespace` from the project settings, or `<name>.local`. */
function projectNamespace(settings: { name: string; namespace?: string }): string {
  return settings.namespace ?? `${settings.name}.local`;
}

/** Every service, assembled from their own manifests: drives nginx routes, CDK stacks, the local stack and deploys. */
export const serviceCatalog: ServiceCatalog = loadServiceCatalog();

/** Looks a service up by name, failing with the list of known names. */
export function getService(name: string, catalog: ServiceCatalog = serviceCatalog): ServiceDefinition {
  const found = catalog.services.find((s) => s.name === name);
  if (!found) {
    throw new Error(`Unknown service "${name}"; known services: ${catalog.services.map((s) => s.name).join(', ')}`);
  }
  return found;
}

function describe(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? `"${name}"` : `service #${index + 1}`;
}

function calleesFirst(services: readonly ServiceDefinition[]): ServiceDefinition[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: ServiceDefinition[] = [];
  const visit = (s: ServiceDefinition) => {
    if (done.has(s.name)) return;
    // Services may call each other both ways; the order then only has to put the rest first.
    if (visiting.has(s.name)) return;
    visiting.add(s.name);
    for (const callee of [...s.calls].sort()) visit(byName.get(callee) as ServiceDefinition);
    visiting.delete(s.name);
    done.add(s.name);
    ordered.push(s);
  };
  for (const s of services) visit(s);
  return ordered;
}
