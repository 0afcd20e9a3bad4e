import { parseAffectedBase } from '../../src/deploy/nx-invocation';

describe('parseAffectedBase', () => {
  it.each([
    ['node /repo/node_modules/.bin/nx affected -t deploy --base=abc123', 'abc123'],
    ['node /repo/node_modules/nx/bin/nx.js affected -t deploy --base origin/main --parallel=1', 'origin/main'],
    ['npm exec nx affected -t deploy --base=deployed -- --dry-run', 'deployed'],
  ])('reads the base of %s', (args, base) => {
    expect(parseAffectedBase(args)).toBe(base);
  });

  it.each([
    'node /repo/node_modules/.bin/nx run-many -t deploy --base=abc',
    'node /repo/node_modules/.bin/nx affected -t deploy',
    'node /repo/node_modules/.bin/nx affected -t deploy -- --base=not-for-nx',
    'node tools/src/deploy/cli.ts rollout --base=abc',
  ])('finds no base in %s', (args) => {
    expect(parseAffectedBase(args)).toBeUndefined();
  });
});
