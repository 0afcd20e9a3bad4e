import { revisionWithImage } from '../../src/deploy/task-definition-revision';
import { DeployInputError } from '../../src/deploy/deploy-errors';

import { describedTaskDefinition, NEW_IMAGE as NEW, OLD_IMAGE as OLD } from './support/task-definition.fixture';

describe('revisionWithImage', () => {
  it('changes only the named container image and drops the fields ECS sets itself', () => {
    const current = describedTaskDefinition();
    const input = revisionWithImage(current, [{ key: 'app', value: 'forum' }], 'users', NEW);
    const expected: Record<string, unknown> = { ...current, tags: [{ key: 'app', value: 'forum' }] };
    for (const f of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
      delete expected[f];
    }
    expected.containerDefinitions = [{ ...current.containerDefinitions?.[0], image: NEW }, current.containerDefinitions?.[1]];
    expect(input).toEqual(expected);
  });

  it('does not mutate the described task definition', () => {
    const current = describedTaskDefinition();
    revisionWithImage(current, undefined, 'users', NEW);
    expect(current.containerDefinitions?.[0].image).toBe(OLD);
    expect(current.revision).toBe(7);
  });

  it('returns undefined when the container already runs the image', () => {
    expect(revisionWithImage(describedTaskDefinition(NEW), [], 'users', NEW)).toBeUndefined();
  });

  it('rejects a task definition without the service container', () => {
    expect(() => revisionWithImage(describedTaskDefinition(), [], 'threads', NEW)).toThrow(DeployInputError);
    expect(() => revisionWithImage(describedTaskDefinition(), [], 'threads', NEW)).toThrow(/no container "threads" \(has: users, log-router\)/);
  });
});
