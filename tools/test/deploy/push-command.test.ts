import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushCommand } from '../../src/deploy/commands/push.command';
import { main } from '../../src/deploy/cli';
import { createTempGitRepo } from './support/temp-git-repo';
import { testContext } from './support/test-context';
import { listDeployables } from '../../src/deploy/deployables';

const ecrMock = mockClient(ECRClient);
const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

let repo: ReturnType<typeof createTempGitRepo>;
beforeEach(() => {
  repo = createTempGitRepo();
  ecrMock.reset();
  ecrMock.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [{ authorizationToken: Buffer.from('AWS:s3cr3t-token').toString('base64'), proxyEndpoint: `https://${HOST}` }],
  });
});
afterEach(() => repo.remove());

const flags = (tag: string, ...extra: string[]) => ['--service', 'users', '--tag', tag, '--region', 'eu-west-1', '--account', '123456789012', ...extra];

describe('push', () => {
  it('logs in with the GetAuthorizationToken password on stdin, then pushes the ECR-named image', async () => {
    const { ctx, runs } = testContext(repo.dir);
    await pushCommand(flags(repo.head), ctx);
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(1);
    expect(runs.map((r) => [r.command, ...r.args].join(' '))).toEqual([
      `docker login --username AWS --password-stdin ${HOST}`,
      `docker push ${HOST}/forum/users:${repo.head}`,
    ]);
    expect(runs[0].options.stdin).toBe('s3cr3t-token');
  });

  it('pushes every platform of the podman manifest list', async () => {
    const { ctx, runs } = testContext(repo.dir);
    await pushCommand(flags(repo.head, '--engine', 'podman'), ctx);
    expect([runs[1].command, ...runs[1].args]).toEqual(['podman', 'manifest', 'push', '--all', `${HOST}/forum/users:${repo.head}`, `docker://${HOST}/forum/users:${repo.head}`]);
  });

  it('prints the calls in a dry run without calling AWS or running anything, and never shows the token', async () => {
    const { ctx, runs, lines } = testContext(repo.dir);
    await pushCommand(flags(repo.head, '--dry-run'), ctx);
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(0);
    expect(runs).toHaveLength(0);
    expect(lines).toEqual([
      expect.stringContaining(`[dry-run] users: push ${HOST}/forum/users:${repo.head}`),
      '[dry-run] would call ECR GetAuthorizationToken (region eu-west-1)',
      `[dry-run] would run: docker login --username AWS --password-stdin ${HOST} < (ECR authorization token)`,
      `[dry-run] would run: docker push ${HOST}/forum/users:${repo.head}`,
    ]);
  });
});

describe('bad input stops every command with one line and exit 1 before any change', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  async function run(argv: string[]) {
    const { ctx, runs } = testContext(repo.dir);
    const code = await main(argv, ctx);
    expect(runs).toHaveLength(0);
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(0);
    expect(errors).toHaveLength(1);
    return { code, error: errors[0] };
  }

  it('rejects an unknown service, naming the valid ones', async () => {
    const { code, error } = await run(['push', '--service', 'billing', '--tag', repo.head, '--region', 'eu-west-1', '--account', '123456789012']);
    expect(code).toBe(1);
    expect(error).toBe(`error: unknown service "billing"; expected one of: ${listDeployables().map((d) => d.name).join(', ')}`);
  });

  it('rejects a missing region and a missing account', async () => {
    expect(await run(['push', '--service', 'users', '--tag', repo.head, '--account', '123456789012'])).toEqual({ code: 1, error: 'error: missing --region (set AWS_REGION, e.g. eu-west-1)' });
    errors.length = 0;
    expect(await run(['rollout', '--service', 'users', '--tag', repo.head, '--region', 'eu-west-1', '--account', ''])).toEqual({
      code: 1,
      error: 'error: missing --account (set AWS_ACCOUNT_ID to the 12-digit account id)',
    });
  });

  it('rejects latest as a tag', async () => {
    const { error } = await run(['rollout', '--service', 'users', '--tag', 'latest', '--region', 'eu-west-1', '--account', '123456789012']);
    expect(error).toMatch(/--tag "latest" is not a git SHA/);
  });

  it('rejects a dirty git tree', async () => {
    writeFileSync(join(repo.dir, 'uncommitted.ts'), 'export {};\n');
    const { code, error } = await run(['rollout', ...flags(repo.head)]);
    expect(code).toBe(1);
    expect(error).toBe('error: git tree is dirty (1 changed file(s), e.g. uncommitted.ts); commit or discard before deploying');
  });

  it('rejects a tag that is not the commit being built', async () => {
    const { error } = await run(['build', ...flags('0123456789abcdef0123456789abcdef01234567')]);
    expect(error).toBe(`error: --tag 0123456789abcdef0123456789abcdef01234567 is not HEAD (${repo.head}); images are tagged with the commit they are built from`);
  });

  it('rejects an abbreviated HEAD as a tag, asking for the full SHA', async () => {
    const short = repo.head.slice(0, 12);
    const { code, error } = await run(['push', ...flags(short)]);
    expect(code).toBe(1);
    expect(error).toBe(`error: --tag ${short} is an abbreviation of HEAD; pass the full 40-digit SHA (${repo.head}, from git rev-parse HEAD)`);
  });
});
