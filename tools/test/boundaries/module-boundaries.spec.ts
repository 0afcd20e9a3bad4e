import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Lints source text as if it lived at a path in the workspace, through the real root config and project graph.
// The ESLint CLI runs in a child process: the flat config is an ES module, which jest's module sandbox cannot load.
const workspaceRoot = join(__dirname, '../../..');
jest.setTimeout(120_000);

function boundaryErrors(filePath: string, code: string): string[] {
  const run = spawnSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: workspaceRoot,
    input: code,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (!run.stdout.startsWith('[')) throw new Error(`eslint did not report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('rejects a service importing another service', () => {
    const errors = boundaryErrors(
      'apps/posts/src/leak.ts',
      "import { UsersService } from '../../users/src/users/users.service';\nexport const leak = UsersService;\n",
    );
    expect(errors).toEqual([expect.stringContaining('Projects cannot be imported by a relative or absolute path')]);
  });

  it('keeps black-box e2e tests off the data-access libraries', () => {
    const errors = boundaryErrors(
      'apps/users-e2e/src/leak.ts',
      "import { DiscoveryModule } from '@forum/discovery';\nexport const leak = DiscoveryModule;\n",
    );
    expect(errors).toEqual(['A project tagged with "type:e2e" can only depend on libs tagged with "type:util"']);
  });

  it('rejects deploy tooling importing service code', () => {
    const errors = boundaryErrors('tools/src/leak.ts', "import { DiscoveryModule } from '@forum/discovery';\nexport const leak = DiscoveryModule;\n");
    expect(errors).toEqual(['A project tagged with "type:tool" can only depend on libs tagged with "type:util"']);
  });

  it('lets a service use the shared libraries', () => {
    const errors = boundaryErrors(
      'apps/posts/src/ok.ts',
      "import { getRequestId } from '@forum/service-kit';\nimport { DiscoveryModule } from '@forum/discovery';\nexport const ok = [getRequestId, DiscoveryModule];\n",
    );
    expect(errors).toEqual([]);
  });
});
