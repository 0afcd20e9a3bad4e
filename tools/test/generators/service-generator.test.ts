import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseServiceCatalog } from '@forum/service-catalog';
import serviceGenerator from '../../src/generators/service/generator';

const workspaceRoot = join(__dirname, '../../..');
// The empty test workspace looks like one formatted with oxfmt, which this workspace does not install.
process.env['NX_SKIP_FORMAT'] = 'true';
const existing = ['users', 'threads'];

/** A workspace holding the real manifests of two services, as the generator finds them. */
function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const name of existing) {
    tree.write(`apps/${name}/service.json`, readFileSync(join(workspaceRoot, 'apps', name, 'service.json')));
    tree.write(`apps/${name}/project.json`, JSON.stringify({ name, root: `apps/${name}` }));
  }
  return tree;
}

const manifestOf = (tree: Tree, name: string) => JSON.parse(tree.read(`apps/${name}/service.json`, 'utf8') ?? '{}');

describe('nx g @forum/tools:service', () => {
  it('adds a service with a database and its e2e project, and a manifest the catalog accepts beside the others', async () => {
    const tree = workspace();
    await serviceGenerator(tree, { name: 'tags', calls: 'users', database: true });
    const manifest = manifestOf(tree, 'tags');
    expect(manifest).toMatchObject({ name: 'tags', port: 3000, http: 'express', calls: ['users'], database: { maxCapacityAcu: 2 } });
    const catalog = parseServiceCatalog({ namespace: 'forum.local', services: [...existing.map((n) => manifestOf(tree, n)), manifest] });
    expect(catalog.services.map((s) => s.name)).toEqual(['users', 'threads', 'tags']);
    for (const file of [
      'apps/tags/src/tags/postgres-tags.repository.ts',
      'apps/tags/src/tags/migrations/0001-create-tags.ts',
      'apps/tags/src/tags/dto/create-tag.dto.ts',
      'apps/tags/Dockerfile',
      'apps/tags-e2e/src/tags.e2e.spec.ts',
    ]) {
      expect(tree.exists(file)).toBe(true);
    }
    expect(tree.read('apps/tags/src/config.ts', 'utf8')).toMatch(/withDiscoveryEnv\(\s*withDatabaseEnv\(/);
    expect(tree.read('apps/tags/src/tags/tags.controller.ts', 'utf8')).toContain('export class TagsController');
    expect(JSON.parse(tree.read('apps/tags/project.json', 'utf8') ?? '{}').tags).toEqual(['scope:tags', 'type:app']);
    expect(tree.read('apps/tags/jest.config.cts', 'utf8')).toContain('global-setup');
  });

  it('without --database keeps rows in memory and wires no database or discovery', async () => {
    const tree = workspace();
    await serviceGenerator(tree, { name: 'user-badges', http: 'fastify' });
    expect(manifestOf(tree, 'user-badges')).not.toHaveProperty('database');
    expect(manifestOf(tree, 'user-badges').http).toBe('fastify');
    expect(tree.exists('apps/user-badges/src/user-badges/postgres-user-badges.repository.ts')).toBe(false);
    const module = tree.read('apps/user-badges/src/user-badges/user-badges.module.ts', 'utf8') ?? '';
    expect(module).toContain('new InMemoryUserBadgesRepository(config.SEED_DATA ? seedUserBadges : [])');
    expect(module).not.toMatch(/@forum\/(database|discovery)/);
    expect(tree.read('apps/user-badges/src/user-badges/user-badge.ts', 'utf8')).toContain('export interface UserBadge');
    expect(tree.read('apps/user-badges/jest.config.cts', 'utf8')).not.toContain('global-setup');
  });

  it.each([
    ['users', {}, '"users" exists already'],
    ['gateway', {}, '"gateway" is reserved'],
    ['tags-e2e', {}, 'is reserved'],
    ['Tags', {}, '"Tags" is not a service name'],
    ['a'.repeat(40), {}, 'at most 31 characters'],
    ['tags', { calls: 'users,comments' }, '--calls: unknown service "comments" (known: threads, users)'],
    ['tags', { http: 'koa' }, '--http: expected express or fastify, got "koa"'],
    ['news', { singular: 'news' }, '--singular: "news" must be'],
  ])('refuses %s %j, naming the problem, and writes nothing', async (name, extra, message) => {
    const tree = workspace();
    const before = tree.listChanges().length;
    await expect(serviceGenerator(tree, { name, ...extra })).rejects.toThrow(message);
    expect(tree.listChanges()).toHaveLength(before);
  });

  it('names every problem of one command at once', async () => {
    await expect(serviceGenerator(workspace(), { name: 'tags', calls: 'nope', http: 'koa' })).rejects.toThrow(
      /--calls: unknown service "nope"[\s\S]*--http: expected express or fastify/,
    );
  });
});
