import { Resolver } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { RegisterInstanceCommand, DeregisterInstanceCommand, ListServicesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { startCloudMapLocal, type CloudMapLocal } from '../cloud-map-local';

describe('cloud map stand-in DNS', () => {
  let cloudMap: CloudMapLocal;
  let sdk: ServiceDiscoveryClient;
  let resolver: Resolver;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    cloudMap = await startCloudMapLocal({ namespace: 'forum.local', services: ['users', 'posts', 'threads'], dnsTtlSeconds: 3 });
    sdk = new ServiceDiscoveryClient({
      endpoint: cloudMap.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      disableHostPrefix: true,
    });
    for (const s of (await sdk.send(new ListServicesCommand({}))).Services ?? []) ids.set(s.Name ?? '', s.Id ?? '');
    resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([`${cloudMap.host}:${cloudMap.dnsPort}`]);
  });
  afterAll(async () => {
    sdk.destroy();
    await cloudMap.close();
  });

  const register = (service: string, id: string, ip: string, port = '3000') =>
    sdk.send(new RegisterInstanceCommand({ ServiceId: ids.get(service), InstanceId: id, Attributes: { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: port } }));
  const queryUdp = (name: string) =>
    new Promise<dnsPacket.DecodedPacket>((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.on('message', (msg) => {
        socket.close();
        resolve(dnsPacket.decode(msg));
      });
      socket.on('error', reject);
      socket.send(dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'A', name }] }), cloudMap.dnsPort, cloudMap.host);
    });
  const deregister = (service: string, id: string) => sdk.send(new DeregisterInstanceCommand({ ServiceId: ids.get(service), InstanceId: id }));

  it('answers A and SRV for every registered instance, with the configured TTL', async () => {
    await register('users', 'task-a', '127.0.0.2', '3000');
    await register('users', 'task-b', '127.0.0.3', '3001');
    const a = await resolver.resolve4('users.forum.local', { ttl: true });
    expect(a).toEqual(expect.arrayContaining([{ address: '127.0.0.2', ttl: 3 }, { address: '127.0.0.3', ttl: 3 }]));
    expect(a).toHaveLength(2);
    // Node 22+ adds `type: 'SRV'` to each record; the fields a caller uses are what matter.
    const srv = (await resolver.resolveSrv('users.forum.local')).map(({ name, port, priority, weight }) => ({
      name,
      port,
      priority,
      weight,
    }));
    expect(srv).toEqual(
      expect.arrayContaining([
        { name: 'task-a.users.forum.local', port: 3000, priority: 1, weight: 1 },
        { name: 'task-b.users.forum.local', port: 3001, priority: 1, weight: 1 },
      ]),
    );
    expect(await resolver.resolve4('task-b.users.forum.local')).toEqual(['127.0.0.3']);
    await deregister('users', 'task-a');
    await deregister('users', 'task-b');
  });

  it('reflects a registration change in the next answer', async () => {
    await register('posts', 'p1', '127.0.0.4');
    expect(await resolver.resolve4('posts.forum.local')).toEqual(['127.0.0.4']);
    await deregister('posts', 'p1');
    await register('posts', 'p2', '127.0.0.5');
    expect(await resolver.resolve4('posts.forum.local')).toEqual(['127.0.0.5']);
    await deregister('posts', 'p2');
  });

  it('answers NOERROR with no data for AAAA of a known name and for a service with no instances', async () => {
    await register('threads', 't1', '127.0.0.6');
    await expect(resolver.resolve6('threads.forum.local')).rejects.toMatchObject({ code: 'ENODATA' });
    await deregister('threads', 't1');
    await expect(resolver.resolve4('threads.forum.local')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('answers NXDOMAIN for unknown names', async () => {
    await expect(resolver.resolve4('billing.forum.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('ghost.users.forum.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('truncates a large UDP answer so the resolver retries over TCP and gets every record', async () => {
    // 120 A records need ~2 KB: more than the 512 bytes of plain UDP and the 1232 c-ares offers via EDNS.
    const many = Array.from({ length: 120 }, (_, i) => `127.0.1.${i + 1}`);
    for (const [i, ip] of many.entries()) await register('threads', `bulk-${i}`, ip);
    const udpReply = await queryUdp('threads.forum.local');
    expect(udpReply.flag_tc).toBe(true);
    expect(udpReply.answers).toEqual([]);
    const a = await resolver.resolve4('threads.forum.local');
    expect([...a].sort()).toEqual([...many].sort());
    for (const i of many.keys()) await deregister('threads', `bulk-${i}`);
  });

  it('answers queries over TCP with length-prefixed messages', async () => {
    await register('users', 'tcp-1', '127.0.0.7');
    const query = dnsPacket.streamEncode({ type: 'query', id: 42, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'users.forum.local' }] });
    const response = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(cloudMap.dnsPort, cloudMap.host, () => socket.write(query));
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          socket.end();
          resolve(buf);
        }
      });
      socket.on('error', reject);
    });
    const packet = dnsPacket.streamDecode(response) as dnsPacket.DecodedPacket;
    expect(packet.id).toBe(42);
    expect(packet.flag_aa).toBe(true);
    expect(packet.answers?.map((a) => ('data' in a ? a.data : undefined))).toEqual(['127.0.0.7']);
    await deregister('users', 'tcp-1');
  });
});
