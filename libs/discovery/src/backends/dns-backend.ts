import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UnknownServiceError } from '../errors/discovery-errors';
import { serviceInstance, type DiscoveryBackend, type ServiceInstance } from '../service-instance';

/** Settings of the DNS backend. */
export interface DnsBackendOptions {
  /** Private namespace; a service is looked up as `<service>.<namespace>`. */
  readonly namespace: string;
  /** Resolver addresses (`ip` or `ip:port`); the system resolvers when empty or omitted. */
  readonly servers?: readonly string[];
  /** Port used for plain A answers (a service registered without SRV records). */
  readonly defaultPort: number;
  /** Time to wait for one DNS answer. */
  readonly timeoutMs: number;
}

/**
 * Finds instances through DNS, as ECS tasks do through the VPC resolver: SRV records of
 * `<service>.<namespace>` give each instance's port and target name, whose A record gives the address.
 * A name with A records only falls back to those addresses and `defaultPort`.
 */
export class DnsBackend implements DiscoveryBackend {
  readonly name = 'dns';

  constructor(private readonly options: DnsBackendOptions) {}

  async resolve(service: string, signal?: AbortSignal): Promise<readonly ServiceInstance[]> {
    // One resolver per lookup, so aborting one lookup (cancel drops every query of a resolver) never fails another's.
    const resolver = this.createResolver();
    const cancel = () => resolver.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await this.lookup(resolver, service);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  private createResolver(): Resolver {
    // Two tries, each bounded by the timeout: UDP loss on a busy host should not fail a lookup outright,
    // and a resolver that never answers ends in ETIMEOUT instead of a hang.
    const resolver = new Resolver({ timeout: this.options.timeoutMs, tries: 2 });
    if (this.options.servers && this.options.servers.length > 0) resolver.setServers([...this.options.servers]);
    return resolver;
  }

  private async lookup(resolver: Resolver, service: string): Promise<readonly ServiceInstance[]> {
    const fqdn = `${service}.${this.options.namespace}`;
    try {
      const srv = await resolver.resolveSrv(fqdn);
      const resolved = await Promise.all(srv.map((r) => this.addressesOf(resolver, r.name).then((ips) => ips.map((ip) => serviceInstance(r.name, ip, r.port)))));
      return resolved.flat();
    } catch (err) {
      if (codeOf(err) === 'ENOTFOUND') throw new UnknownServiceError(service, this.name, { cause: err });
      if (codeOf(err) !== 'ENODATA') throw err;
    }
    try {
      const ips = await resolver.resolve4(fqdn);
      return ips.map((ip) => serviceInstance(ip, ip, this.options.defaultPort));
    } catch (err) {
      if (codeOf(err) === 'ENODATA') return [];
      if (codeOf(err) === 'ENOTFOUND') throw new UnknownServiceError(service, this.name, { cause: err });
      throw err;
    }
  }

  private async addressesOf(resolver: Resolver, target: string): Promise<string[]> {
    if (isIP(target)) return [target];
    try {
      return await resolver.resolve4(target);
    } catch (err) {
      // A target deregistered between the SRV and the A query is simply gone.
      if (codeOf(err) === 'ENOTFOUND' || codeOf(err) === 'ENODATA') return [];
      throw err;
    }
  }
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
