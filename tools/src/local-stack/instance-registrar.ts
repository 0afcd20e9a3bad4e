import {
  DeregisterInstanceCommand,
  paginateListServices,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';

/** One instance as Cloud Map knows it. */
export interface RegisteredInstance {
  service: string;
  instanceId: string;
  address: string;
  port: number;
}

/**
 * Registers and deregisters instances through the real Cloud Map API (pointed at the local stand-in), with the
 * attributes ECS sets for an awsvpc task.
 */
export class InstanceRegistrar {
  private readonly client: ServiceDiscoveryClient;
  private serviceIds?: Map<string, string>;

  constructor(endpoint: string) {
    this.client = new ServiceDiscoveryClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      disableHostPrefix: true,
    });
  }

  async register(instance: RegisteredInstance): Promise<void> {
    await this.client.send(
      new RegisterInstanceCommand({
        ServiceId: await this.serviceId(instance.service),
        InstanceId: instance.instanceId,
        Attributes: { AWS_INSTANCE_IPV4: instance.address, AWS_INSTANCE_PORT: String(instance.port) },
      }),
    );
  }

  async deregister(instance: RegisteredInstance): Promise<void> {
    await this.client.send(
      new DeregisterInstanceCommand({ ServiceId: await this.serviceId(instance.service), InstanceId: instance.instanceId }),
    );
  }

  close(): void {
    this.client.destroy();
  }

  private async serviceId(name: string): Promise<string> {
    if (!this.serviceIds) {
      const ids = new Map<string, string>();
      for await (const page of paginateListServices({ client: this.client }, {})) {
        for (const s of page.Services ?? []) if (s.Name && s.Id) ids.set(s.Name, s.Id);
      }
      this.serviceIds = ids;
    }
    const id = this.serviceIds.get(name);
    if (!id) throw new Error(`Cloud Map has no service "${name}" (has: ${[...this.serviceIds.keys()].join(', ')})`);
    return id;
  }
}
