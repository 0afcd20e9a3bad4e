import { UnknownServiceError } from '../errors/discovery-errors';
import { serviceInstance, type DiscoveryBackend, type ServiceInstance } from '../service-instance';

/**
 * Instances from configuration (`users=http://127.0.0.1:3001,...`), for tests and the simplest local runs.
 * A service missing from the map is unknown; the answer never changes.
 */
export class StaticBackend implements DiscoveryBackend {
  readonly name = 'static';
  private readonly instances: ReadonlyMap<string, readonly ServiceInstance[]>;

  /** Takes each service's instance URLs (`http://host:port`); throws on a URL that is not plain http with a host. */
  constructor(urls: Readonly<Record<string, readonly string[]>>) {
    this.instances = new Map(Object.entries(urls).map(([service, list]) => [service, Object.freeze(list.map(toInstance))]));
  }

  resolve(service: string): Promise<readonly ServiceInstance[]> {
    const found = this.instances.get(service);
    return found ? Promise.resolve(found) : Promise.reject(new UnknownServiceError(service, this.name));
  }
}

function toInstance(raw: string): ServiceInstance {
  const url = new URL(raw);
  if (url.protocol !== 'http:' || !url.hostname || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`static instance must look like http://host:port, got "${raw}"`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return serviceInstance(raw, host, url.port ? Number(url.port) : 80);
}
