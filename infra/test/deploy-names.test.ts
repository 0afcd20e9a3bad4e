import { Match, Template } from 'aws-cdk-lib/assertions';
import { CLUSTER_NAME, GATEWAY_NAME, gatewayServicesValue, repositoryName, taskFamily } from '@forum/service-catalog';
import { buildForum, catalogWithComments, serviceTemplate } from './support/forum-app';

// The deploy tooling finds these resources by the names @forum/service-catalog gives them; the CDK app must use
// the same functions, not its own copies of the patterns.
describe('the names the deploy tooling relies on', () => {
  const catalog = catalogWithComments();
  const { stacks } = buildForum({ catalog });

  it('name the cluster', () => {
    Template.fromStack(stacks.platform).hasResourceProperties('AWS::ECS::Cluster', { ClusterName: CLUSTER_NAME });
  });

  it('name one repository per deployable image', () => {
    const registry = Template.fromStack(stacks.registry);
    const names = [...catalog.services.map((s) => s.name), GATEWAY_NAME];
    registry.resourceCountIs('AWS::ECR::Repository', names.length);
    for (const name of names) registry.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: repositoryName(name) });
  });

  it('name the task family, ECS service and container of every deployable', () => {
    const templates = [
      ...catalog.services.map((s) => [s.name, serviceTemplate(stacks, s.name)] as const),
      [GATEWAY_NAME, Template.fromStack(stacks.gateway)] as const,
    ];
    for (const [name, template] of templates) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: taskFamily(name),
        ContainerDefinitions: [Match.objectLike({ Name: name })],
      });
      template.hasResourceProperties('AWS::ECS::Service', { ServiceName: name });
    }
  });

  it('give nginx GATEWAY_SERVICES in the format the local stack uses too', () => {
    Template.fromStack(stacks.gateway).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([{ Name: 'GATEWAY_SERVICES', Value: gatewayServicesValue(catalog.services) }]),
        }),
      ],
    });
  });
});
