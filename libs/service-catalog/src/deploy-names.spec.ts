import { CLUSTER_NAME, deployNamesFor, GATEWAY_NAME, gatewayServicesValue, repositoryName, taskFamily } from './deploy-names';
import { parseServiceCatalog, serviceCatalog } from './service-catalog';

describe('deploy names', () => {
  it('name the gateway and the cluster', () => {
    expect(GATEWAY_NAME).toBe('gateway');
    expect(CLUSTER_NAME).toBe('forum');
  });

  it('derive repositories and task families from a service name', () => {
    expect(repositoryName('users')).toBe('forum/users');
    expect(repositoryName(GATEWAY_NAME)).toBe('forum/gateway');
    expect(taskFamily('user-profiles')).toBe('forum-user-profiles');
  });

  it('reject a name that could not be a service', () => {
    expect(() => repositoryName('Users')).toThrow('repositoryName: "Users" is not a service name');
    expect(() => taskFamily('')).toThrow('taskFamily: "" is not a service name');
  });
});

describe('gatewayServicesValue', () => {
  it('lists every catalog service as name:port:routePrefix, in catalog order', () => {
    expect(gatewayServicesValue(serviceCatalog.services)).toBe('users:3000:/api/users,threads:3000:/api/threads,posts:3000:/api/posts');
  });

  it('routes a new catalog entry from the entry alone', () => {
    const users = serviceCatalog.services[0];
    const catalog = parseServiceCatalog({
      ...serviceCatalog,
      services: [...serviceCatalog.services, { ...users, name: 'likes', routePrefix: '/api/likes', port: 3100 }],
    });
    expect(gatewayServicesValue(catalog.services).split(',')).toContain('likes:3100:/api/likes');
  });

  it('refuses an empty list, which would leave nginx routing nothing', () => {
    expect(() => gatewayServicesValue([])).toThrow('needs at least one service');
  });
});

describe('deployNamesFor', () => {
  it('derives every deployed name from the one project name', () => {
    const shop = deployNamesFor('my-shop');
    expect(shop.clusterName).toBe('my-shop');
    expect(shop.repositoryName('users')).toBe('my-shop/users');
    expect(shop.taskFamily(GATEWAY_NAME)).toBe('my-shop-gateway');
    expect(shop.stackId('Network')).toBe('MyShopNetwork');
  });

  it('refuses a project name that could not name a cluster and repositories', () => {
    expect(() => deployNamesFor('My Shop')).toThrow('project name "My Shop" must be lower-case letters');
  });
});
