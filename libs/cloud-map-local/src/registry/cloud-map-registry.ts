import { randomUUID } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { CloudMapError } from './cloud-map-error';
import type { InstanceRecord, NamespaceRecord, OperationRecord, ServiceRecord } from './registry-records';
import { dnsLabelFor, localArn, stableId } from './resource-ids';

/** Cloud Map's own limit on instance ids, and the characters it accepts. */
const INSTANCE_ID = /^[0-9a-zA-Z_/:.@-]{1,64}$/;
/** Operations kept for GetOperation; older ones are forgotten, as AWS eventually does too. */
const MAX_OPERATIONS = 1000;

/** A registration change, reported so a CLI can log it. */
export interface RegistryChange {
  readonly kind: 'registered' | 'deregistered';
  readonly service: string;
  readonly instance: InstanceRecord;
}

/**
 * In-memory state of one private DNS namespace and its services, shared by the API and DNS servers,
 * so a registration is visible to both at once.
 */
export class CloudMapRegistry {
  readonly namespace: NamespaceRecord;
  private readonly servicesById = new Map<string, ServiceRecord>();
  private readonly servicesByName = new Map<string, ServiceRecord>();
  private readonly operations = new Map<string, OperationRecord>();
  /** Bumped on every change, as DiscoverInstancesRevision reports, so callers can tell a list changed. */
  private readonly revisions = new Map<string, number>();

  constructor(
    namespaceName: string,
    serviceNames: readonly string[],
    private readonly onChange: (change: RegistryChange) => void = () => undefined,
  ) {
    const name = namespaceName.toLowerCase();
    const id = stableId('ns', name);
    this.namespace = { id, name, arn: localArn('namespace', id), hostedZoneId: `Z${id.slice(3).toUpperCase()}`, createDate: new Date() };
    for (const serviceName of serviceNames) this.addService(serviceName.toLowerCase());
  }

  /** All services in creation order. */
  services(): readonly ServiceRecord[] {
    return [...this.servicesById.values()];
  }

  /** Finds a service by id or fails with `ServiceNotFound`, as the API does. */
  serviceById(id: unknown): ServiceRecord {
    const found = typeof id === 'string' ? this.servicesById.get(id) : undefined;
    if (!found) throw new CloudMapError('ServiceNotFound', `Service not found: ${String(id)}`);
    return found;
  }

  /** Finds a service by namespace and service name (DiscoverInstances addresses services this way). */
  serviceByName(namespaceName: unknown, serviceName: unknown): ServiceRecord {
    if (typeof namespaceName !== 'string' || namespaceName.toLowerCase() !== this.namespace.name) {
      throw new CloudMapError('NamespaceNotFound', `Namespace not found: ${String(namespaceName)}`);
    }
    const found = typeof serviceName === 'string' ? this.servicesByName.get(serviceName.toLowerCase()) : undefined;
    if (!found) throw new CloudMapError('ServiceNotFound', `Service not found: ${String(serviceName)} in ${this.namespace.name}`);
    return found;
  }

  /** The service's instance-list revision; it grows with every registration change. */
  revision(serviceId: string): number {
    return this.revisions.get(serviceId) ?? 1;
  }

  /** Looks a service up by name for DNS, without throwing. */
  findService(name: string): ServiceRecord | undefined {
    return this.servicesByName.get(name);
  }

  /** Registers or replaces an instance, as RegisterInstance does for a repeated InstanceId. */
  register(serviceId: unknown, instanceId: unknown, attributes: unknown): OperationRecord {
    const service = this.serviceById(serviceId);
    if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) {
      throw new CloudMapError('InvalidInput', `InstanceId must match ${INSTANCE_ID.source}, got ${JSON.stringify(instanceId)}`);
    }
    const attrs = readAttributes(attributes);
    const ipv4 = attrs['AWS_INSTANCE_IPV4'];
    if (!ipv4 || !isIPv4(ipv4)) {
      throw new CloudMapError('InvalidInput', `AWS_INSTANCE_IPV4 must be an IPv4 address for a service with A records, got ${JSON.stringify(ipv4)}`);
    }
    const port = Number(attrs['AWS_INSTANCE_PORT']);
    if (!/^\d+$/.test(attrs['AWS_INSTANCE_PORT'] ?? '') || port < 1 || port > 65535) {
      throw new CloudMapError('InvalidInput', `AWS_INSTANCE_PORT must be a port number for a service with SRV records, got ${JSON.stringify(attrs['AWS_INSTANCE_PORT'])}`);
    }
    const instance: InstanceRecord = { id: instanceId, attributes: attrs, ipv4, port, dnsLabel: dnsLabelFor(instanceId) };
    service.instances.set(instanceId, instance);
    this.onChange({ kind: 'registered', service: service.name, instance });
    return this.recordOperation('REGISTER_INSTANCE', service.id, instanceId);
  }

  /** Removes an instance or fails with `InstanceNotFound`. */
  deregister(serviceId: unknown, instanceId: unknown): OperationRecord {
    const service = this.serviceById(serviceId);
    const instance = typeof instanceId === 'string' ? service.instances.get(instanceId) : undefined;
    if (!instance) throw new CloudMapError('InstanceNotFound', `Instance not found: ${String(instanceId)} in ${service.id}`);
    service.instances.delete(instance.id);
    this.onChange({ kind: 'deregistered', service: service.name, instance });
    return this.recordOperation('DEREGISTER_INSTANCE', service.id, instance.id);
  }

  /** Finds an operation by id or fails with `OperationNotFound`. */
  operation(id: unknown): OperationRecord {
    const found = typeof id === 'string' ? this.operations.get(id) : undefined;
    if (!found) throw new CloudMapError('OperationNotFound', `Operation not found: ${String(id)}`);
    return found;
  }

  private addService(name: string): void {
    const id = stableId('srv', `${this.namespace.name}/${name}`);
    const record: ServiceRecord = { id, name, arn: localArn('service', id), namespaceId: this.namespace.id, createDate: new Date(), instances: new Map() };
    this.servicesById.set(id, record);
    this.servicesByName.set(name, record);
  }

  private recordOperation(type: OperationRecord['type'], serviceId: string, instanceId: string): OperationRecord {
    const op: OperationRecord = { id: randomUUID(), type, serviceId, instanceId, date: new Date() };
    this.operations.set(op.id, op);
    this.revisions.set(serviceId, this.revision(serviceId) + 1);
    if (this.operations.size > MAX_OPERATIONS) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return op;
  }
}

function readAttributes(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CloudMapError('InvalidInput', 'Attributes must be a map of strings');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw new CloudMapError('InvalidInput', `Attribute ${key} must be a string`);
    out[key] = value;
  }
  return out;
}
