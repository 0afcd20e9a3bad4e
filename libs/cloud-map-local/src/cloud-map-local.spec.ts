import {
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  GetOperationCommand,
  GetServiceCommand,
  InstanceNotFound,
  InvalidInput,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  NamespaceNotFound,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  ServiceNotFound,
} from '@aws-sdk/client-servicediscovery';
import { startCloudMapLocal, type CloudMapLocal } from './cloud-map-local';

describe('cloud map stand-in API (real SDK client over HTTP)', () => {
  let cloudMap: CloudMapLocal;
  let sdk: ServiceDiscoveryClient;
  const logged: string[] = [];

  beforeAll(async () => {
    cloudMap = await startCloudMapLocal({
      namespace: 'forum.local',
      services: ['users', 'threads'],
      dnsTtlSeconds: 7,
      log: (entry, msg) => logged.push(`${msg} ${String(entry['service'] ?? '')} ${String(entry['instanceId'] ?? '')}`.trim()),
    });
    sdk = new ServiceDiscoveryClient({
      endpoint: cloudMap.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // DiscoverInstances is sent to a `data-` host prefix on AWS; a loopback endpoint has none.
      disableHostPrefix: true,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    sdk.destroy();
    await cloudMap.close();
  });

  async function serviceId(name: string): Promise<string> {
    const ns = await sdk.send(new ListNamespacesCommand({}));
    const nsId = ns.Namespaces?.find((n) => n.Name === 'forum.local')?.Id;
    const listed = await sdk.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [nsId ?? ''], Condition: 'EQ' }] }));
    const id = listed.Services?.find((s) => s.Name === name)?.Id;
    if (!id) throw new Error(`no service ${name}`);
    return id;
  }

  it('lists the namespace and the services created at start', async () => {
    const ns = await sdk.send(new ListNamespacesCommand({}));
    expect(ns.Namespaces).toEqual([expect.objectContaining({ Name: 'forum.local', Type: 'DNS_PRIVATE', ServiceCount: 2 })]);
    const listed = await sdk.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [ns.Namespaces?.[0].Id ?? ''] }] }));
    expect(listed.Services?.map((s) => s.Name)).toEqual(['users', 'threads']);
    expect(listed.Services?.[0].CreateDate).toBeInstanceOf(Date);
    const other = await sdk.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: ['ns-other'] }] }));
    expect(other.Services).toEqual([]);
  });

  it('registers, discovers and deregisters an instance, logging each change', async () => {
    const id = await serviceId('users');
    const attributes = { AWS_INSTANCE_IPV4: '127.0.0.2', AWS_INSTANCE_PORT: '3000', ECS_TASK: 'a' };
    const reg = await sdk.send(new RegisterInstanceCommand({ ServiceId: id, InstanceId: 'task-1', Attributes: attributes }));
    const op = await sdk.send(new GetOperationCommand({ OperationId: reg.OperationId }));
    expect(op.Operation).toEqual(expect.objectContaining({ Status: 'SUCCESS', Type: 'REGISTER_INSTANCE' }));

    const found = await sdk.send(new DiscoverInstancesCommand({ NamespaceName: 'forum.local', ServiceName: 'users', HealthStatus: 'HEALTHY_OR_ELSE_ALL' }));
    expect(found.Instances).toEqual([
      { InstanceId: 'task-1', NamespaceName: 'forum.local', ServiceName: 'users', HealthStatus: 'HEALTHY', Attributes: attributes },
    ]);
    const listed = await sdk.send(new ListInstancesCommand({ ServiceId: id }));
    expect(listed.Instances).toEqual([{ Id: 'task-1', Attributes: attributes }]);
    const service = await sdk.send(new GetServiceCommand({ Id: id }));
    expect(service.Service).toEqual(expect.objectContaining({ Name: 'users', InstanceCount: 1 }));
    expect(service.Service?.DnsConfig?.DnsRecords).toEqual([{ Type: 'A', TTL: 7 }, { Type: 'SRV', TTL: 7 }]);

    await sdk.send(new DeregisterInstanceCommand({ ServiceId: id, InstanceId: 'task-1' }));
    const after = await sdk.send(new DiscoverInstancesCommand({ NamespaceName: 'forum.local', ServiceName: 'users' }));
    expect(after.Instances).toEqual([]);
    expect(logged).toEqual(expect.arrayContaining(['instance registered users task-1', 'instance deregistered users task-1']));
  });

  it('re-registering an instance id replaces its attributes', async () => {
    const id = await serviceId('threads');
    await sdk.send(new RegisterInstanceCommand({ ServiceId: id, InstanceId: 't', Attributes: { AWS_INSTANCE_IPV4: '127.0.0.3', AWS_INSTANCE_PORT: '3000' } }));
    await sdk.send(new RegisterInstanceCommand({ ServiceId: id, InstanceId: 't', Attributes: { AWS_INSTANCE_IPV4: '127.0.0.9', AWS_INSTANCE_PORT: '3001' } }));
    const found = await sdk.send(new DiscoverInstancesCommand({ NamespaceName: 'forum.local', ServiceName: 'threads' }));
    expect(found.Instances?.map((i) => i.Attributes)).toEqual([{ AWS_INSTANCE_IPV4: '127.0.0.9', AWS_INSTANCE_PORT: '3001' }]);
    await sdk.send(new DeregisterInstanceCommand({ ServiceId: id, InstanceId: 't' }));
  });

  it('raises the SDK typed errors AWS raises', async () => {
    await expect(sdk.send(new DiscoverInstancesCommand({ NamespaceName: 'forum.local', ServiceName: 'nope' }))).rejects.toBeInstanceOf(ServiceNotFound);
    await expect(sdk.send(new DiscoverInstancesCommand({ NamespaceName: 'other.local', ServiceName: 'users' }))).rejects.toBeInstanceOf(NamespaceNotFound);
    await expect(sdk.send(new GetServiceCommand({ Id: 'srv-missing' }))).rejects.toBeInstanceOf(ServiceNotFound);
    const id = await serviceId('users');
    await expect(sdk.send(new DeregisterInstanceCommand({ ServiceId: id, InstanceId: 'ghost' }))).rejects.toBeInstanceOf(InstanceNotFound);
    const noPort = new RegisterInstanceCommand({ ServiceId: id, InstanceId: 'x', Attributes: { AWS_INSTANCE_IPV4: '127.0.0.2' } });
    await expect(sdk.send(noPort)).rejects.toBeInstanceOf(InvalidInput);
    await expect(sdk.send(noPort)).rejects.toThrow(/AWS_INSTANCE_PORT/);
  });

  it('answers raw protocol mistakes with AWS error shapes', async () => {
    const post = (target: string, body: string) =>
      fetch(cloudMap.endpoint, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body });
    const unknown = await post('Route53AutoNaming_v20170314.DeleteEverything', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ __type: 'UnknownOperationException', Message: expect.stringContaining('DeleteEverything') });
    const garbled = await post('Route53AutoNaming_v20170314.ListServices', '{nope');
    expect(await garbled.json()).toEqual(expect.objectContaining({ __type: 'SerializationException' }));
    const health = await fetch(`${cloudMap.endpoint}/health`);
    expect(health.status).toBe(200);
  });
});
