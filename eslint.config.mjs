import nx from '@nx/eslint-plugin';
import { existsSync, readdirSync } from 'node:fs';

// Each service scope comes from the services' own manifests (apps/<name>/service.json), so a new service gets its
// boundary with no edit here.
const apps = new URL('./apps/', import.meta.url);
const services = readdirSync(apps).filter((name) => existsSync(new URL(`${name}/service.json`, apps)));
const scopes = [...services, 'gateway', 'infra', 'tools'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/cdk.out', '**/.local-stack', '**/coverage'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Test doubles are published from each lib's `testing` entry. Services' webpack configs, which Node loads
          // without the TypeScript path aliases, take the kit's build plugin by path. Nothing else is exempt.
          allow: [
            '^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$',
            '^@forum/[a-z-]+/testing$',
            '^(\\.\\./)+libs/service-kit/build/service-bundle-plugin$',
          ],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...scopes.map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
];
