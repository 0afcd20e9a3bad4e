import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const workflow = read('.github/workflows/ci.yml');
const testScript = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['test'];

/** One Nx run: its targets and the flags that change how they run (`--parallel=1`). */
interface NxRun {
  readonly targets: readonly string[];
  readonly flags: readonly string[];
}

/** The Nx runs of a command line, in order: `nx run-many -t a b --x` or `nx affected -t a b --x`. */
function nxRuns(commands: readonly string[], verb: 'run-many' | 'affected'): NxRun[] {
  return commands.flatMap((command) =>
    [...command.matchAll(new RegExp(`\\bnx ${verb} -t ((?:[\\w:-]+ ?)+)((?: --[\\w=-]+)*)`, 'g'))].map((m) => ({
      targets: m[1].trim().split(' '),
      flags: m[2].trim().split(' ').filter(Boolean),
    })),
  );
}

/** The `run:` lines of the job's steps, in order. */
const runLines = workflow
  .split('\n')
  .map((line) => /^\s+(?:- )?run: (.+)$/.exec(line)?.[1])
  .filter((line): line is string => line !== undefined);

describe('ci.yml (pull requests)', () => {
  it('runs the targets of npm test, in the same groups and order, for the affected projects', () => {
    const local = nxRuns(testScript.split('&&'), 'run-many');
    expect(local.length).toBeGreaterThan(0);
    expect(local.flatMap((r) => r.targets)).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'build', 'e2e']));
    expect(nxRuns(runLines, 'affected')).toEqual(local);
  });

  it('runs every nx command as nx affected, so a pull request checks what it touches', () => {
    const nxCommands = runLines.filter((line) => /\bnx /.test(line));
    expect(nxCommands.length).toBeGreaterThan(0);
    for (const line of nxCommands) expect(line).toMatch(/^npx nx affected -t /);
    expect(workflow).toMatch(/uses: nrwl\/nx-set-shas@v\d+/);
    expect(workflow).toMatch(/fetch-depth: 0/);
  });

  it('uses the Node of .nvmrc', () => {
    expect(workflow).toMatch(/node-version-file: \.nvmrc\n/);
    expect(workflow).not.toMatch(/node-version:/);
  });

  it('installs the system packages .ci/run installs, before the tests', () => {
    const packages = [...read('.ci/run').matchAll(/missing\+=\(([\w.-]+)\)/g)].map((m) => m[1]);
    expect(packages).toEqual(expect.arrayContaining(['nginx', 'gettext-base']));
    const install = workflow.split('\n').findIndex((line) => /apt-get install/.test(line));
    expect(install).toBeGreaterThan(-1);
    for (const name of packages) expect(workflow.split('\n')[install]).toMatch(new RegExp(`\\s${name}(\\s|$)`));
    expect(install).toBeLessThan(workflow.split('\n').findIndex((line) => /run: npx nx affected/.test(line)));
  });
});
