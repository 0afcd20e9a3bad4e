import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { serviceCatalog } from '@forum/service-catalog';
import serviceGenerator from '../../src/generators/service/generator';

const workspaceRoot = join(__dirname, '../../..');
// The empty test workspace looks like one formatted with oxfmt, which this workspace does not install.
process.env['NX_SKIP_FORMAT'] = 'true';

/** Files that differ between services only by the name and the options: the generator's templates own them. */
const BOILERPLATE = [
  'Dockerfile',
  'webpack.config.js',
  'jest.config.cts',
  'eslint.config.mjs',
  'tsconfig.json',
  'tsconfig.app.json',
  'project.json',
  'src/manifest.ts',
  'src/main.ts',
  'src/instrument.ts',
];
const E2E_BOILERPLATE = ['jest.config.cts', 'eslint.config.mjs', 'tsconfig.json', 'project.json'];

/** The generator's output for an existing service, in a workspace that holds the services it calls. */
async function generated(name: string): Promise<Tree> {
  const service = serviceCatalog.services.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name}`);
  const tree = createTreeWithEmptyWorkspace();
  for (const callee of service.calls) tree.write(`apps/${callee}/service.json`, '{}');
  await serviceGenerator(tree, { name, calls: service.calls.join(','), database: service.database !== undefined, http: service.http });
  return tree;
}

describe.each(serviceCatalog.services.map((s) => s.name))('%s', (name) => {
  it('holds exactly the generator templates\u2019 boilerplate, so a fix made there reaches every service', async () => {
    const tree = await generated(name);
    for (const file of BOILERPLATE) {
      expect([`apps/${name}/${file}`, readFileSync(join(workspaceRoot, 'apps', name, file), 'utf8')]).toEqual([
        `apps/${name}/${file}`,
        tree.read(`apps/${name}/${file}`, 'utf8'),
      ]);
    }
    for (const file of E2E_BOILERPLATE) {
      expect([`apps/${name}-e2e/${file}`, readFileSync(join(workspaceRoot, 'apps', `${name}-e2e`, file), 'utf8')]).toEqual([
        `apps/${name}-e2e/${file}`,
        tree.read(`apps/${name}-e2e/${file}`, 'utf8'),
      ]);
    }
  });
});
