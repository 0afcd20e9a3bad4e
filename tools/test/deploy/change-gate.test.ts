import { decideChange } from '../../src/deploy/change-gate';
import { DeployInputError } from '../../src/deploy/deploy-errors';
import { createTempGitRepo, git } from './support/temp-git-repo';

let repo: ReturnType<typeof createTempGitRepo>;
beforeEach(() => {
  repo = createTempGitRepo();
});
afterEach(() => repo.remove());

describe('decideChange', () => {
  it('ignores a local deployed tag when no base is given: the project deploys', async () => {
    git(repo.dir, 'tag', 'deployed', repo.head);
    const decision = await decideChange('users', undefined, repo.dir);
    expect(decision).toEqual({ deploy: true, reason: expect.stringContaining('no base given') });
  });

  it('rejects a base that is not a commit, naming it', async () => {
    await expect(decideChange('users', 'no-such-ref', repo.dir)).rejects.toThrow(DeployInputError);
    await expect(decideChange('users', 'no-such-ref', repo.dir)).rejects.toThrow('--base "no-such-ref" is not a commit');
  });
});
