import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const workflow = readFileSync(join(__dirname, '../../../.github/workflows/deploy.yml'), 'utf8');

/** The job's steps as raw text blocks, in order (every step starts with `      - ` under `steps:`). */
const steps = workflow
  .slice(workflow.indexOf('    steps:\n'))
  .split(/\n {6}- /)
  .slice(1);
const stepIndex = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step));

describe('deploy.yml', () => {
  it('decides from the affected deploy targets whether infra deploys', () => {
    const affected = steps[stepIndex(/id: affected/)];
    expect(affected).toMatch(/npx nx show projects --affected -t deploy --base="\$NX_BASE" --head="\$NX_HEAD"/);
    expect(affected).toMatch(/grep -qx infra/);
    expect(affected).toMatch(/infra=true" >> "\$GITHUB_OUTPUT"/);
  });

  it('deploys infra alone, only when affected, without an approval prompt', () => {
    const infra = steps[stepIndex(/cli\.ts infra-deploy/)];
    expect(infra).toMatch(/if: steps\.affected\.outputs\.infra == 'true'/);
    expect(infra).toMatch(/infra-deploy --region "\$AWS_REGION" --account "\$AWS_ACCOUNT_ID" --base "\$NX_BASE" -- --require-approval never/);
    expect(infra).not.toMatch(/--initial-tag/);
  });

  it('rolls images out after infra, and never runs infra inside nx affected', () => {
    const rollouts = stepIndex(/nx affected -t deploy/);
    expect(rollouts).toBeGreaterThan(stepIndex(/cli\.ts infra-deploy/));
    expect(stepIndex(/cli\.ts infra-deploy/)).toBeGreaterThan(stepIndex(/id: affected/));
    for (const line of workflow.split('\n').filter((l) => /nx affected\b.*-t deploy/.test(l))) expect(line).toMatch(/--exclude=infra\b/);
  });

  it('moves the deployed tag only as the last step', () => {
    expect(stepIndex(/git tag --force deployed/)).toBe(steps.length - 1);
  });
});
