import { parseServiceCatalog, serviceCatalog } from '@forum/service-catalog';
import { gatewayServicesValue } from '../../src/gateway/gateway-services';

describe('GATEWAY_SERVICES from the catalog', () => {
  it('lists every service with its port and route prefix', () => {
    expect(gatewayServicesValue(serviceCatalog.services)).toBe('users:3000:/api/users,threads:3000:/api/threads,posts:3000:/api/posts');
  });

  it('routes a fourth service from its catalog entry alone', () => {
    const users = serviceCatalog.services[0];
    const catalog = parseServiceCatalog({ ...serviceCatalog, services: [...serviceCatalog.services, { ...users, name: 'likes', routePrefix: '/api/likes', port: 3100 }] });
    expect(gatewayServicesValue(catalog.services)).toContain(',likes:3100:/api/likes');
  });
});
