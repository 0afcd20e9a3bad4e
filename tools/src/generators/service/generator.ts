import { join } from 'node:path';
import { formatFiles, generateFiles, getProjects, logger, names, type GeneratorCallback, type Tree } from '@nx/devkit';
import { routePrefixOf, serviceNamePattern } from '@forum/service-catalog/manifest';

/** Options of `nx g @forum/tools:service`. */
export interface ServiceGeneratorOptions {
  readonly name: string;
  /** Comma-separated services it calls. */
  readonly calls?: string;
  readonly database?: boolean;
  /** Singular of the resource; the name without a trailing `s` when omitted. */
  readonly singular?: string;
  /** NestJS's HTTP platform; express when omitted. */
  readonly http?: string;
}

/** Names the workspace already gives a meaning: deployables, folders and the prefix of generated e2e projects. */
const RESERVED = ['gateway', 'infra', 'tools', 'apps', 'libs', 'docs', 'dist', 'nginx', 'api', 'health', 'ready'];

/**
 * Adds `apps/<name>` (a NestJS CRUD service in the shape of the others: manifest, config, repository, validation,
 * tests, Dockerfile, README) and `apps/<name>-e2e`. Nothing else is edited: the catalog, nginx, CDK, the local stack,
 * the deploy targets and the lint boundaries all find services by their `service.json`. Bad input writes nothing.
 */
export default async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<GeneratorCallback> {
  const plan = checkOptions(tree, options);
  const variables = { ...plan, tmpl: '' };
  generateFiles(tree, join(__dirname, 'files', 'service'), `apps/${plan.name}`, variables);
  if (plan.database) generateFiles(tree, join(__dirname, 'files', 'database'), `apps/${plan.name}`, variables);
  generateFiles(tree, join(__dirname, 'files', 'e2e'), `apps/${plan.name}-e2e`, variables);
  await formatFiles(tree);
  return () => {
    logger.info(
      [
        `${plan.name}: added apps/${plan.name} and apps/${plan.name}-e2e; the gateway routes ${plan.routePrefix}.`,
        'Next:',
        `  npx nx test ${plan.name}                # its unit and HTTP tests`,
        '  npm start                          # the local stack runs it; try curl localhost:8080' + plan.routePrefix,
        '  npx nx run infra:synth             # CDK gives it a repository, ECS service and scaling' + (plan.database ? ' and a database' : ''),
        '  npx nx run infra:baseline          # refresh the committed CDK baselines, then commit them with the service',
        'Its first deploy needs its image before its ECS service: see docs/adding-a-service.md.',
      ].join('\n'),
    );
  };
}

/** Everything the templates need, or one error naming every problem with the input. */
export function checkOptions(tree: Tree, options: ServiceGeneratorOptions) {
  const problems: string[] = [];
  const name = String(options.name ?? '').trim();
  const existing = existingServices(tree);
  if (!serviceNamePattern.test(name)) {
    problems.push(`"${name}" is not a service name: lower-case letters, digits and dashes, starting with a letter, at most 31 characters`);
  } else if (RESERVED.includes(name) || name.endsWith('-e2e')) {
    problems.push(`"${name}" is reserved (${RESERVED.join(', ')}, and names ending in -e2e)`);
  } else if (tree.exists(`apps/${name}`) || tree.exists(`apps/${name}-e2e`) || getProjects(tree).has(name)) {
    problems.push(`"${name}" exists already (apps/${name} or an Nx project of that name)`);
  }
  const calls = (options.calls ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  for (const callee of calls) {
    if (!existing.includes(callee)) problems.push(`--calls: unknown service "${callee}" (known: ${existing.join(', ') || 'none'})`);
  }
  if (new Set(calls).size !== calls.length) problems.push('--calls: a service is named twice');
  const singular = (options.singular ?? name.replace(/s$/, '')).trim();
  if (serviceNamePattern.test(name) && (!serviceNamePattern.test(singular) || singular === name)) {
    problems.push(`--singular: "${singular}" must be a name like "${name}" but different from it (e.g. --singular=${name}-item)`);
  }
  const http = options.http ?? 'express';
  if (http !== 'express' && http !== 'fastify') problems.push(`--http: expected express or fastify, got "${http}"`);
  if (problems.length > 0) throw new Error(`Cannot generate service "${name}":\n  ${problems.join('\n  ')}`);
  const plural = names(name);
  const one = names(singular);
  return {
    name,
    className: plural.className,
    propertyName: plural.propertyName,
    constantName: plural.constantName,
    singular,
    singularClass: one.className,
    singularProperty: one.propertyName,
    table: name.replace(/-/g, '_'),
    routePrefix: routePrefixOf(name),
    calls,
    database: options.database === true,
    http,
    e2eHost: e2eHost(name),
  };
}

/** Services the workspace has now: folders of apps/ with a service.json. */
function existingServices(tree: Tree): string[] {
  return tree.children('apps').filter((dir) => tree.exists(`apps/${dir}/service.json`)).sort();
}

/** A loopback address of its own for the e2e suite, so suites of different services never share one. */
function e2eHost(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `127.1.${hash % 250}.${10 + (Math.floor(hash / 250) % 240)}`;
}
