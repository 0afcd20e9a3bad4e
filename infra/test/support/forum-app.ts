import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GATEWAY_NAME, parseServiceCatalog, serviceCatalog, type ServiceCatalog } from '@forum/service-catalog';
import { FORUM_APP_CONTEXT } from '../../lib/app-context-defaults';
import { createForumStacks, type ForumStacks, type ForumStacksProps } from '../../lib/forum-stacks';
import { addControlTowerChecks, addNagChecks } from '../../lib/policy-checks';

/** The tag every image gets in tests. */
export const TEST_TAG = 'abc123';

/** What to check at synthesis besides cdk-nag. */
export interface ForumChecks {
  /** Run the Control Tower rules too (a cfn-guard process per synth: only where a test looks at them). */
  readonly controlTower?: boolean;
}

/** A fresh App with cdk-nag, holding every forum stack; the real catalog unless one is given. */
export function buildForum(overrides: Partial<ForumStacksProps> = {}, checks: ForumChecks = {}): { app: App; stacks: ForumStacks } {
  const app = new App({ context: { ...FORUM_APP_CONTEXT } });
  addNagChecks(app);
  if (checks.controlTower) addControlTowerChecks(app);
  const catalog = overrides.catalog ?? serviceCatalog;
  const imageTags = Object.fromEntries([...catalog.services.map((s) => s.name), GATEWAY_NAME].map((n) => [n, TEST_TAG]));
  const stacks = createForumStacks(app, { catalog, imageTags, ...overrides });
  return { app, stacks };
}

/** The service stack's template, failing clearly when the stack does not exist. */
export function serviceTemplate(stacks: ForumStacks, name: string): Template {
  const stack = stacks.services.get(name);
  if (!stack) throw new Error(`no stack for ${name}`);
  return Template.fromStack(stack);
}

/** The real catalog plus a fourth service, `comments`, that calls users. */
export function catalogWithComments(): ServiceCatalog {
  const users = serviceCatalog.services[0];
  return parseServiceCatalog({
    ...serviceCatalog,
    services: [
      ...serviceCatalog.services,
      { ...users, name: 'comments', routePrefix: '/api/comments', calls: ['users'], maxCount: 4 },
    ],
  });
}
