import { App } from 'aws-cdk-lib';
import { execFileSync } from 'node:child_process';
import { GATEWAY_NAME, serviceCatalog } from '@forum/service-catalog';
import { FORUM_APP_CONTEXT } from '../lib/app-context-defaults';
import { parseAppContext } from '../lib/config/app-context';
import { resolveImageTags } from '../lib/config/image-tags';
import { createForumStacks } from '../lib/forum-stacks';
import { addPolicyChecks } from '../lib/policy-checks';

// The only place that reads CDK context, the environment or git; everything below takes typed props.
const app = new App({ context: { ...FORUM_APP_CONTEXT } });
const context = parseAppContext(app.node.getAllContext(), {
  CDK_DEFAULT_ACCOUNT: process.env['CDK_DEFAULT_ACCOUNT'],
  CDK_DEFAULT_REGION: process.env['CDK_DEFAULT_REGION'],
});

const imageTags = resolveImageTags({
  names: [...serviceCatalog.services.map((s) => s.name), GATEWAY_NAME],
  defaultTag: context.imageTag,
  overrides: context.imageTagOverrides,
  gitSha: currentGitSha,
});

const { imageTag: _tag, imageTagOverrides: _overrides, ...settings } = context;
createForumStacks(app, { ...settings, catalog: serviceCatalog, imageTags });
addPolicyChecks(app);
app.synth();

/** HEAD of the checkout holding this file, or undefined when it is not a git checkout (e.g. a source tarball). */
function currentGitSha(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
