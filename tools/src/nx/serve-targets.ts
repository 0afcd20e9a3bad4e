import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { CreateNodes } from '@nx/devkit';

/**
 * Gives every service (a folder with a `service.json`) its `serve` target: the built service with reload on change,
 * pointed at the running local stack (`tools/src/local-stack/serve.ts`), so no project.json repeats it.
 */
export const createNodes: CreateNodes = [
  'apps/*/service.json',
  (files, _options, context) =>
    files.map((file) => {
      const { name } = JSON.parse(readFileSync(join(context.workspaceRoot, file), 'utf8')) as { name: string };
      const targets = {
        serve: {
          executor: 'nx:run-commands',
          continuous: true,
          metadata: { description: `Run ${name} with reload on change, pointed at the running local stack` },
          options: {
            command: `npx tsx --tsconfig tsconfig.base.json tools/src/local-stack/serve.ts ${name}`,
            cwd: '{workspaceRoot}',
            forwardAllArgs: true,
          },
        },
        'serve-process': {
          executor: '@nx/js:node',
          continuous: true,
          metadata: { description: `Build ${name} in watch mode and restart it after each rebuild (used by serve)` },
          options: { buildTarget: `${name}:build`, watch: true, runBuildTargetDependencies: false },
        },
      };
      return [file, { projects: { [dirname(file)]: { targets } } }] as const;
    }),
];
