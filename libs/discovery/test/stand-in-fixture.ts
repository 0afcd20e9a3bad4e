import { DeregisterInstanceCommand, ListServicesCommand, RegisterInstanceCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { startCloudMapLocal, type CloudMapLocal } from '@forum/cloud-map-local';

/** Credentials and region for talking to the local stand-in; nothing checks them. */
export const LOCAL_AWS = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;

/** A running stand-in plus an SDK client that registers instances the way ECS does. Test-only. */
export interface StandInFixture {
  readonly cloudMap: CloudMapLocal;
  register(service: string, instanceId: string, ip: string, port: number): Promise<void>;
  deregister(service: string, instanceId: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stand-in on free ports with the given services. */
export async function startStandIn(services: readonly string[], namespace = 'forum.local'): Promise<StandInFixture> {
  const cloudMap = await startCloudMapLocal({ namespace, services, dnsTtlSeconds: 1 });
  const sdk = new ServiceDiscoveryClient({ ...LOCAL_AWS, endpoint: cloudMap.endpoint, disableHostPrefix: true, maxAttempts: 1 });
  const listed = await sdk.send(new ListServicesCommand({}));
  const ids = new Map((listed.Services ?? []).map((s) => [s.Name ?? '', s.Id ?? '']));
  return {
    cloudMap,
    register: async (service, instanceId, ip, port) => {
      await sdk.send(new RegisterInstanceCommand({ ServiceId: ids.get(service), InstanceId: instanceId, Attributes: { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: String(port) } }));
    },
    deregister: async (service, instanceId) => {
      await sdk.send(new DeregisterInstanceCommand({ ServiceId: ids.get(service), InstanceId: instanceId }));
    },
    close: async () => {
      sdk.destroy();
      await cloudMap.close();
    },
  };
}
