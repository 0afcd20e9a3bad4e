import { CloudMapError } from '../registry/cloud-map-error';
import type { CloudMapRegistry } from '../registry/cloud-map-registry';
import { paginate } from './paginate';
import { epochSeconds, instanceView, namespaceView, serviceView } from './resource-views';

/** What every operation handler gets: the shared state and the DNS TTL it reports in DnsConfig. */
export interface OperationContext {
  readonly registry: CloudMapRegistry;
  readonly dnsTtlSeconds: number;
}

type Input = Record<string, unknown>;
type Operation = (ctx: OperationContext, input: Input) => Record<string, unknown>;

/** Every instance is reported HEALTHY: the stand-in has no health checks, like a service without any. */
const HEALTHY = 'HEALTHY';

function discoverInstances({ registry }: OperationContext, input: Input): Record<string, unknown> {
  const service = registry.serviceByName(input['NamespaceName'], input['ServiceName']);
  const health = input['HealthStatus'] ?? 'ALL';
  if (!['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'].includes(String(health))) {
    throw new CloudMapError('InvalidInput', `HealthStatus must be HEALTHY, UNHEALTHY, ALL or HEALTHY_OR_ELSE_ALL, got ${String(health)}`);
  }
  const max = input['MaxResults'] === undefined ? 100 : Number(input['MaxResults']);
  const query = (input['QueryParameters'] ?? {}) as Record<string, string>;
  const matches = [...service.instances.values()]
    .filter(() => health !== 'UNHEALTHY')
    .filter((i) => Object.entries(query).every(([k, v]) => i.attributes[k] === v))
    .slice(0, max);
  return {
    Instances: matches.map((i) => ({
      InstanceId: i.id,
      NamespaceName: registry.namespace.name,
      ServiceName: service.name,
      HealthStatus: HEALTHY,
      Attributes: { ...i.attributes },
    })),
    InstancesRevision: registry.revision(service.id),
  };
}

function listServices({ registry, dnsTtlSeconds }: OperationContext, input: Input): Record<string, unknown> {
  const filters = (input['Filters'] ?? []) as { Name?: string; Values?: string[]; Condition?: string }[];
  let services = registry.services();
  for (const filter of filters) {
    if (filter.Name !== 'NAMESPACE_ID') throw new CloudMapError('InvalidInput', `Unsupported filter ${String(filter.Name)}`);
    services = services.filter((s) => (filter.Values ?? []).includes(s.namespaceId));
  }
  const page = paginate(services, input['MaxResults'], input['NextToken']);
  return { Services: page.items.map((s) => serviceView(s, dnsTtlSeconds)), NextToken: page.nextToken };
}

function listInstances({ registry }: OperationContext, input: Input): Record<string, unknown> {
  const service = registry.serviceById(input['ServiceId']);
  const page = paginate([...service.instances.values()], input['MaxResults'], input['NextToken']);
  return { Instances: page.items.map(instanceView), NextToken: page.nextToken, ResourceOwner: undefined };
}

function listNamespaces({ registry }: OperationContext, input: Input): Record<string, unknown> {
  const page = paginate([registry.namespace], input['MaxResults'], input['NextToken']);
  return { Namespaces: page.items.map((n) => namespaceView(n, registry.services().length)), NextToken: page.nextToken };
}

function getNamespace({ registry }: OperationContext, input: Input): Record<string, unknown> {
  if (input['Id'] !== registry.namespace.id) throw new CloudMapError('NamespaceNotFound', `Namespace not found: ${String(input['Id'])}`);
  return { Namespace: namespaceView(registry.namespace, registry.services().length) };
}

function getInstance({ registry }: OperationContext, input: Input): Record<string, unknown> {
  const service = registry.serviceById(input['ServiceId']);
  const instance = service.instances.get(String(input['InstanceId']));
  if (!instance) throw new CloudMapError('InstanceNotFound', `Instance not found: ${String(input['InstanceId'])} in ${service.id}`);
  return { Instance: instanceView(instance) };
}

function getOperation({ registry }: OperationContext, input: Input): Record<string, unknown> {
  const op = registry.operation(input['OperationId']);
  return {
    Operation: {
      Id: op.id,
      Type: op.type,
      Status: 'SUCCESS',
      CreateDate: epochSeconds(op.date),
      UpdateDate: epochSeconds(op.date),
      Targets: { SERVICE: op.serviceId, INSTANCE: op.instanceId },
    },
  };
}

/** The Cloud Map operations the stand-in answers, by the name after `Route53AutoNaming_v20170314.`. */
export const cloudMapOperations: Readonly<Record<string, Operation>> = {
  RegisterInstance: ({ registry }, input) => ({
    OperationId: registry.register(input['ServiceId'], input['InstanceId'], input['Attributes']).id,
  }),
  DeregisterInstance: ({ registry }, input) => ({
    OperationId: registry.deregister(input['ServiceId'], input['InstanceId']).id,
  }),
  DiscoverInstances: discoverInstances,
  DiscoverInstancesRevision: ({ registry }, input) => ({
    InstancesRevision: registry.revision(registry.serviceByName(input['NamespaceName'], input['ServiceName']).id),
  }),
  ListServices: listServices,
  ListInstances: listInstances,
  ListNamespaces: listNamespaces,
  GetService: ({ registry, dnsTtlSeconds }, input) => ({ Service: serviceView(registry.serviceById(input['Id']), dnsTtlSeconds) }),
  GetNamespace: getNamespace,
  GetInstance: getInstance,
  GetOperation: getOperation,
};
