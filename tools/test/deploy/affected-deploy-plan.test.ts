import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceCatalog } from '@forum/service-catalog';
import { git } from './support/temp-git-repo';
import { copyWorkspaceToTempRepo } from './support/workspace-copy';

// Every case computes an Nx project graph in a fresh repository: slow, so one suite, cases in sequence.
jest.setTimeout(240_000);

const workspaceRoot = join(__dirname, '../../..');
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const allServices = serviceCatalog.services.map((s) => s.name);

let repo: ReturnType<typeof copyWorkspaceToTempRepo>;
let base: string;

beforeAll(() => {
  repo = copyWorkspaceToTempRepo(workspaceRoot);
  base = git(repo.dir, 'rev-parse', 'HEAD');
});
afterAll(() => repo?.remove());
beforeEach(() => {
  git(repo.dir, 'reset', '-q', '--hard', base);
  git(repo.dir, 'clean', '-q', '-fd');
  if (git(repo.dir, 'tag', '--list', 'deployed') !== '') git(repo.dir, 'tag', '-d', 'deployed');
});

/** Commits a one-line change to `file` and returns the new HEAD. */
function commitChange(file: string, line: string): string {
  appendFileSync(join(repo.dir, file), line);
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', `change ${file}`);
  return git(repo.dir, 'rev-parse', 'HEAD');
}

interface Plan {
  /** project → image URI of every rollout the dry run plans. */
  readonly rollouts: Record<string, string>;
  readonly skipped: string[];
  readonly ecsCalls: Record<string, string[]>;
  readonly output: string;
}

/** Runs the documented command and reads the plan from its output. */
function affectedDeployPlan(extraNxArgs: string[] = [], env: Record<string, string> = { NX_BASE: 'HEAD~1' }): Plan {
  const output = execFileSync('npx', ['nx', 'affected', '-t', 'deploy', '--outputStyle=stream', ...extraNxArgs, '--', '--dry-run'], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_PREFER_TS_NODE: 'true', NX_NO_CLOUD: 'true', AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '123456789012', DEPLOY_ENGINE: 'docker', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rollouts: Record<string, string> = {};
  const skipped: string[] = [];
  const ecsCalls: Record<string, string[]> = {};
  for (const line of output.split('\n')) {
    const rollout = /\[dry-run\] ([\w-]+): rollout (\S+) /.exec(line);
    if (rollout) rollouts[rollout[1]] = rollout[2];
    // Nx prefixes each line with the project name unless CI=true, so match the message itself.
    const skip = /(?:^|\s)([\w-]+): nothing to deploy/.exec(line);
    if (skip) skipped.push(skip[1]);
    const call = /\[dry-run\] ([\w-]+): would call (ECS \w+)/.exec(line);
    if (call) (ecsCalls[call[1]] ??= []).push(call[2]);
  }
  return { rollouts, skipped: [...new Set(skipped)].sort(), ecsCalls, output };
}

const uris = (names: string[], tag: string) => Object.fromEntries(names.map((n) => [n, `${REGISTRY}/forum/${n}:${tag}`]));
const ROLLOUT_CALLS = ['ECS DescribeServices', 'ECS DescribeTaskDefinition', 'ECS RegisterTaskDefinition', 'ECS UpdateService', 'ECS DescribeServices'];

describe('nx affected -t deploy --dry-run plans exactly what changed', () => {
  it('a change under apps/users deploys users alone, through build, push and rollout', () => {
    const head = commitChange('apps/users/src/main.ts', '// touched\n');
    // A local `deployed` tag at HEAD would make users look unchanged: it must not replace the --base given to Nx.
    git(repo.dir, 'tag', 'deployed', head);
    const plan = affectedDeployPlan(['--base=HEAD~1'], {});
    expect(plan.rollouts).toEqual(uris(['users'], head));
    expect(plan.ecsCalls).toEqual({ users: ROLLOUT_CALLS });
    expect(plan.output).toContain(`[dry-run] would run: docker buildx build --platform linux/arm64,linux/amd64 --file apps/users/Dockerfile`);
    expect(plan.output).toContain(`[dry-run] would run: docker push ${REGISTRY}/forum/users:${head}`);
    expect(plan.output).toContain(`UpdateService cluster=forum service=users taskDefinition=<new forum-users revision>`);
  });

  it('a change in libs/service-kit deploys every service', () => {
    const head = commitChange('libs/service-kit/src/index.ts', '// touched\n');
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(plan.rollouts).toEqual(uris(allServices, head));
    for (const name of allServices) expect(plan.ecsCalls[name]).toEqual(ROLLOUT_CALLS);
  });

  const discoveryUsers = existsSync(join(workspaceRoot, 'libs/discovery/project.json'))
    ? allServices.filter((s) => usesImport(join(workspaceRoot, 'apps', s, 'src'), '@forum/discovery'))
    : [];
  (discoveryUsers.length > 0 ? it : it.skip)(`a change in libs/discovery deploys the services that use it (${discoveryUsers.join(', ') || 'none yet'})`, () => {
    const head = commitChange('libs/discovery/src/index.ts', '// touched\n');
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(plan.rollouts).toEqual(uris(discoveryUsers, head));
  });

  it('a change in nginx/ deploys the gateway alone', () => {
    const template = readdirSync(join(repo.dir, 'nginx/templates'))[0];
    const head = commitChange(`nginx/templates/${template}`, '# touched\n');
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(plan.rollouts).toEqual(uris(['gateway'], head));
    expect(plan.ecsCalls).toEqual({ gateway: ROLLOUT_CALLS });
  });

  it('a change to a README deploys nothing with --base alone: docs are outside the project graph', () => {
    commitChange('apps/users/README.md', '\nMore words.\n');
    const plan = affectedDeployPlan(['--base=HEAD~1'], {});
    expect(plan.rollouts).toEqual({});
    expect(plan.ecsCalls).toEqual({});
    expect(plan.output).not.toMatch(/users:(docker-build|docker-push|deploy)/);
    expect(plan.output).toMatch(/No tasks were run/);
  });

  it('a change only to a spec of users is affected but deploys nothing, and says so (the change gate)', () => {
    commitChange('apps/users/src/config.spec.ts', '// touched\n');
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(plan.rollouts).toEqual({});
    expect(plan.ecsCalls).toEqual({});
    // infra reads every service.json, so Nx marks it affected too; its gate sees no manifest change.
    expect(plan.skipped).toEqual(['infra', 'users']);
    expect(plan.output).toContain('users: nothing to deploy (no production file of users or its dependencies changed since HEAD~1)');
  });

  it('passes the --base given to nx affected on to every step, so the change gate uses it without NX_BASE', () => {
    commitChange('apps/users/src/config.spec.ts', '// touched\n');
    const plan = affectedDeployPlan(['--base=HEAD~1', '--exclude-task-dependencies'], {});
    expect(plan.rollouts).toEqual({});
    expect(plan.output).toContain('users: nothing to deploy (no production file of users or its dependencies changed since HEAD~1)');
    expect(plan.output).not.toContain('no base given');
  });

  it("a change to one service's settings affects that service and infra, nothing else, and infra deploys", () => {
    const [service] = allServices.slice(-1);
    const file = join(repo.dir, 'apps', service, 'service.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { maxCount: number };
    writeFileSync(file, `${JSON.stringify({ ...manifest, maxCount: manifest.maxCount + 1 }, null, 2)}\n`);
    git(repo.dir, 'commit', '-q', '-am', `scale ${service}`);
    const affected = execFileSync('npx', ['nx', 'show', 'projects', '--affected', '-t', 'deploy', '--base=HEAD~1'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    expect(affected.trim().split('\n').sort()).toEqual(['infra', service].sort());
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(Object.keys(plan.rollouts)).toEqual([service]);
    expect(plan.output).toMatch(/\[dry-run\] would run: .*npx cdk deploy --all/);
  });

  it('a code change of a service marks infra affected, but infra deploys nothing (its gate reads only manifests)', () => {
    commitChange('apps/users/src/main.ts', '// touched\n');
    const plan = affectedDeployPlan(['--exclude-task-dependencies']);
    expect(plan.rollouts).toEqual(uris(['users'], git(repo.dir, 'rev-parse', 'HEAD')));
    expect(plan.output).toContain('infra: nothing to deploy (no production file of infra or its dependencies changed since HEAD~1)');
    expect(plan.output).not.toMatch(/cdk deploy/);
  });
});

function usesImport(dir: string, specifier: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .some((f) => readFileSync(join(dir, f), 'utf8').includes(`'${specifier}'`));
}
