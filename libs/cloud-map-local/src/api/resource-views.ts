import type { InstanceRecord, NamespaceRecord, ServiceRecord } from '../registry/registry-records';

/** AWS JSON 1.1 carries timestamps as epoch seconds. */
export const epochSeconds = (date: Date): number => date.getTime() / 1000;

/** The service shape of ListServices and GetService. */
export function serviceView(service: ServiceRecord, dnsTtlSeconds: number): Record<string, unknown> {
  return {
    Id: service.id,
    Arn: service.arn,
    Name: service.name,
    NamespaceId: service.namespaceId,
    Type: 'DNS_HTTP',
    InstanceCount: service.instances.size,
    CreateDate: epochSeconds(service.createDate),
    DnsConfig: {
      NamespaceId: service.namespaceId,
      RoutingPolicy: 'MULTIVALUE',
      DnsRecords: [
        { Type: 'A', TTL: dnsTtlSeconds },
        { Type: 'SRV', TTL: dnsTtlSeconds },
      ],
    },
  };
}

/** The namespace shape of ListNamespaces and GetNamespace. */
export function namespaceView(namespace: NamespaceRecord, serviceCount: number): Record<string, unknown> {
  return {
    Id: namespace.id,
    Arn: namespace.arn,
    Name: namespace.name,
    Type: 'DNS_PRIVATE',
    ServiceCount: serviceCount,
    CreateDate: epochSeconds(namespace.createDate),
    Properties: { DnsProperties: { HostedZoneId: namespace.hostedZoneId }, HttpProperties: { HttpName: namespace.name } },
  };
}

/** The instance shape of ListInstances and GetInstance. */
export function instanceView(instance: InstanceRecord): Record<string, unknown> {
  return { Id: instance.id, Attributes: { ...instance.attributes } };
}
