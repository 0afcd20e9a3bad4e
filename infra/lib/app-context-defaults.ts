/**
 * Context every forum App is created with (bin/app.ts and the tests alike, so tests see the real templates).
 * Cross-stack references stay strong: CloudFormation refuses to delete an export a service stack still imports.
 */
export const FORUM_APP_CONTEXT: Readonly<Record<string, string>> = Object.freeze({
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
});
