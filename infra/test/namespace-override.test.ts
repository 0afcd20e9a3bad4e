import { Template } from 'aws-cdk-lib/assertions';
import { serviceCatalog } from '@forum/service-catalog';
import { buildForum, serviceTemplate } from './support/forum-app';

const OVERRIDE = 'x.local';

/** The `DISCOVERY_NAMESPACE` value of the one container in a template. */
function discoveryNamespace(template: Template): unknown {
  const definitions = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  expect(definitions).toHaveLength(1);
  const [container] = definitions[0]['Properties']['ContainerDefinitions'] as { Environment: { Name: string; Value: unknown }[] }[];
  return container.Environment.find((e) => e.Name === 'DISCOVERY_NAMESPACE')?.Value;
}

describe('a namespace other than the catalog’s', () => {
  it('creates that namespace', () => {
    const { stacks } = buildForum({ namespace: OVERRIDE });
    Template.fromStack(stacks.platform).hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: OVERRIDE });
  });

  it.each(serviceCatalog.services.map((s) => s.name))('is the namespace %s resolves its callees in', (name) => {
    const { stacks } = buildForum({ namespace: OVERRIDE });
    expect(discoveryNamespace(serviceTemplate(stacks, name))).toBe(OVERRIDE);
  });

  it('is the namespace nginx resolves the services in', () => {
    const { stacks } = buildForum({ namespace: OVERRIDE });
    expect(discoveryNamespace(Template.fromStack(stacks.gateway))).toBe(OVERRIDE);
  });

  it('falls back to the catalog’s when none is given', () => {
    const { stacks } = buildForum();
    expect(discoveryNamespace(Template.fromStack(stacks.gateway))).toBe(serviceCatalog.namespace);
    for (const service of serviceCatalog.services) {
      expect(discoveryNamespace(serviceTemplate(stacks, service.name))).toBe(serviceCatalog.namespace);
    }
  });
});
