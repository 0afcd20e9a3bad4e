import { Template } from 'aws-cdk-lib/assertions';
import { buildForum, catalogWithComments, serviceTemplate } from './support/forum-app';

describe('a fourth catalog entry', () => {
  it('yields a fourth repository, service stack, service and scaling policy pair', () => {
    const { stacks } = buildForum({ catalog: catalogWithComments() });
    expect([...stacks.services.keys()]).toEqual(['users', 'threads', 'posts', 'comments']);
    expect(stacks.services.get('comments')?.stackName).toBe('ForumComments');

    const registry = Template.fromStack(stacks.registry);
    registry.resourceCountIs('AWS::ECR::Repository', 5);
    registry.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'forum/comments' });

    const comments = serviceTemplate(stacks, 'comments');
    comments.resourceCountIs('AWS::ECS::Service', 1);
    comments.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'comments' });
    comments.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'forum-comments' });
    comments.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MaxCapacity: 4 });
    comments.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    comments.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'servicediscovery:DiscoverInstances',
            Effect: 'Allow',
            Resource: '*',
            Condition: { StringEquals: { 'servicediscovery:NamespaceName': 'forum.local', 'servicediscovery:ServiceName': ['users'] } },
          },
        ],
      },
    });
  });

  it('leaves the stacks of services it does not call unchanged', () => {
    const before = buildForum().stacks;
    const after = buildForum({ catalog: catalogWithComments() }).stacks;
    for (const name of ['threads', 'posts']) {
      expect(serviceTemplate(after, name).toJSON()).toEqual(serviceTemplate(before, name).toJSON());
    }
    // users is called by comments, so it gains exactly one ingress rule.
    const usersBefore = serviceTemplate(before, 'users').findResources('AWS::EC2::SecurityGroupIngress');
    const usersAfter = serviceTemplate(after, 'users').findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.keys(usersAfter).length).toBe(Object.keys(usersBefore).length + 1);
  });
});
