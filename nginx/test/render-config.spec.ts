import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceCatalog } from '@forum/service-catalog';
import { nginxTest, render } from './support/gateway-harness';

const catalogServices = serviceCatalog.services.map((s) => `${s.name}:${s.port}:${s.routePrefix}`).join(',');

describe('gateway config rendering', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-render-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const base = () => ({
    GATEWAY_CONF_DIR: dir,
    NGINX_RUNTIME_DIR: join(dir, 'run'),
    GATEWAY_SERVICES: catalogServices,
    DISCOVERY_NAMESPACE: serviceCatalog.namespace,
    NGINX_RESOLVER: '127.0.0.1:5353',
    // The default /dev/stdout cannot be opened when stdout is a socket, as it is under Node's child_process.
    NGINX_ACCESS_LOG: join(dir, 'access.log'),
  });

  it('renders one resolver-variable location per catalog service, and nginx -t accepts it', async () => {
    await render(base());
    expect((await readdir(join(dir, 'conf.d'))).sort()).toEqual(serviceCatalog.services.map((s) => `${s.name}.conf`).sort());
    const users = await readFile(join(dir, 'conf.d', 'users.conf'), 'utf8');
    expect(users).toContain('location ~ ^/api/users(?:/|$) {');
    expect(users).toContain('set $users_upstream users.forum.local;');
    expect(users).toContain('proxy_pass http://$users_upstream:3000;');
    const main = await readFile(join(dir, 'nginx.conf'), 'utf8');
    expect(main).toContain('resolver 127.0.0.1:5353 valid=5s ipv6=off;');
    expect(main).toContain('server_tokens off;');
    expect(await nginxTest(dir)).toContain('syntax is ok');
  });

  it('rate limits by default (the image) and not when GATEWAY_RATE_LIMIT=off (the local stack)', async () => {
    await render(base());
    expect(await readFile(join(dir, 'rate-limit-zone.conf'), 'utf8')).toContain('rate=50r/s');
    expect(await readFile(join(dir, 'rate-limit.conf'), 'utf8')).toContain('limit_req zone=gateway_per_client burst=100 nodelay;');
    await render({ ...base(), GATEWAY_RATE_LIMIT: 'off' });
    expect(await readFile(join(dir, 'rate-limit.conf'), 'utf8')).not.toContain('limit_req ');
    await nginxTest(dir);
  });

  it('takes the resolver from /etc/resolv.conf when NGINX_RESOLVER is unset', async () => {
    const resolvConf = await readFile('/etc/resolv.conf', 'utf8');
    const nameserver = /^nameserver\s+(\S+)/m.exec(resolvConf)?.[1];
    const env: Record<string, string> = { ...base() };
    delete env['NGINX_RESOLVER'];
    if (!nameserver) {
      await expect(render(env)).rejects.toThrow('names no nameserver');
      return;
    }
    await render(env);
    const expected = nameserver.includes(':') ? `[${nameserver}]` : nameserver;
    expect(await readFile(join(dir, 'nginx.conf'), 'utf8')).toContain(`resolver ${expected} valid=5s ipv6=off;`);
  });

  it('renders keep-alive upstreams with `resolve` in resolve mode (nginx >= 1.27.3)', async () => {
    await render({ ...base(), GATEWAY_UPSTREAM_MODE: 'resolve' });
    const upstream = await readFile(join(dir, 'upstreams.d', 'posts.conf'), 'utf8');
    expect(upstream).toContain('server posts.forum.local:3000 resolve;');
    expect(upstream).toContain('keepalive_timeout 4s;');
    expect(await readFile(join(dir, 'conf.d', 'posts.conf'), 'utf8')).toContain('proxy_pass http://posts_backend;');
  });

  it('refuses bad settings with a message naming the value', async () => {
    await expect(render({ ...base(), GATEWAY_RATE_LIMIT: 'fast' })).rejects.toThrow("GATEWAY_RATE_LIMIT must look like 50r/s, 600r/m or off, got 'fast'");
    await expect(render({ ...base(), GATEWAY_SERVICES: 'Users' })).rejects.toThrow("service name 'Users'");
    await expect(render({ ...base(), GATEWAY_SERVICES: '' })).rejects.toThrow('GATEWAY_SERVICES');
  });
});
