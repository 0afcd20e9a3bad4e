import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/deploy/cli';
import { COMMANDS } from '../../src/deploy/deploy-options';
import { testContext } from './support/test-context';
import { listDeployables } from '../../src/deploy/deployables';

const AWS_FLAGS = ['--region', '--account', '--cluster', '--dry-run'];
const IMAGE_STEP_FLAGS = ['--service', '--tag', ...AWS_FLAGS, '--base', '--engine', '--platform', '--timeout-seconds', '--poll-seconds'];
// The flag names are a contract: the Nx targets, deploy.yml and people's scripts pass them.
const FLAGS: Record<(typeof COMMANDS)[number], readonly string[]> = {
  build: IMAGE_STEP_FLAGS,
  push: IMAGE_STEP_FLAGS,
  rollout: IMAGE_STEP_FLAGS,
  'current-tags': AWS_FLAGS,
  'infra-deploy': [...AWS_FLAGS, '--initial-tag', '--base'],
};

let errors: string[];
beforeEach(() => {
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((text: string) => void errors.push(text));
});
afterEach(() => jest.restoreAllMocks());

async function run(argv: string[]) {
  const { ctx, lines, runs } = testContext(process.cwd());
  const code = await main(argv, ctx);
  expect(runs).toHaveLength(0);
  return { code, out: lines.join('\n'), err: errors.join('\n') };
}

describe('deploy --help', () => {
  it('lists every command and exits 0', async () => {
    const { code, out, err } = await run(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const name of COMMANDS) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each(COMMANDS)('%s --help lists every option and exits 0 without acting', async (name) => {
    for (const argv of [[name, '--help'], ['help', name], [name, '--service', 'users', '-h']]) {
      const { code, out, err } = await run(argv);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain(`Usage: deploy ${name} [options]`);
      const listed = [...out.matchAll(/^ {2}(?:-[a-z], )?(--[a-z-]+)/gm)].map((m) => m[1]).sort();
      expect(listed).toEqual([...FLAGS[name], '--help'].sort());
    }
  });

  it('exits 0 as a real process', async () => {
    const root = join(__dirname, '../../..');
    const tsx = join(root, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['--tsconfig', 'tsconfig.base.json', 'tools/src/deploy/cli.ts', 'rollout', '--help'], { cwd: root });
    expect(stdout).toContain('--timeout-seconds <n>');
  }, 60_000);
});

describe('bad command lines', () => {
  it('name every missing flag in one error, and exit 1', async () => {
    const { code, out, err } = await run(['push']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(errors).toHaveLength(1);
    expect(err).toBe(
      [
        'error: 4 problems with the flags:',
        '  - missing --service (the catalog service or gateway to act on)',
        '  - missing --tag (the git SHA of the commit the image is built from)',
        '  - missing --region (set AWS_REGION, e.g. eu-west-1)',
        '  - missing --account (set AWS_ACCOUNT_ID to the 12-digit account id)',
      ].join('\n'),
    );
  });

  it('name every invalid flag in one error, missing or malformed alike', async () => {
    const argv = ['rollout', '--service=billing', '--tag=latest', '--region=Ireland', '--engine=rkt', '--poll-seconds=0', 'extra'];
    const { code } = await run(argv);
    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0].split('\n')).toEqual([
      'error: 7 problems with the flags:',
      '  - unexpected argument "extra"',
      `  - unknown service "billing"; expected one of: ${listDeployables().map((d) => d.name).join(', ')}`,
      expect.stringContaining('--tag "latest" is not a git SHA'),
      '  - --region "Ireland" is not an AWS region such as eu-west-1',
      '  - missing --account (set AWS_ACCOUNT_ID to the 12-digit account id)',
      '  - --engine "rkt" must be docker or podman',
      '  - --poll-seconds "0" is not a positive whole number',
    ]);
  });

  it('keep a single problem on one line', async () => {
    await run(['infra-deploy', '--region', 'eu-west-1', '--account', '12345']);
    expect(errors).toEqual(['error: --account "12345" is not a 12-digit AWS account id']);
  });

  it('reject an unknown command or option with exit 1, pointing at --help', async () => {
    const unknownCommand = await run(['deploy-all']);
    expect(unknownCommand.code).toBe(1);
    expect(unknownCommand.err).toContain("error: unknown command 'deploy-all'");
    expect(unknownCommand.err).toContain('deploy --help');
    errors.length = 0;
    const unknownOption = await run(['current-tags', '--regoin', 'eu-west-1']);
    expect(unknownOption.code).toBe(1);
    expect(unknownOption.err).toContain("error: unknown option '--regoin'");
    expect(unknownOption.err).toContain('deploy current-tags --help');
  });

  it('exit 1 without a command, showing the commands', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(1);
    expect(err).toContain('infra-deploy');
  });
});
