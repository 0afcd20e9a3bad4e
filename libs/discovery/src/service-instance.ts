/** One reachable copy of a service: an ECS task's IP and container port, a static URL, or a DNS answer. */
export interface ServiceInstance {
  /** Backend's id for the instance (Cloud Map InstanceId, SRV target, or the static URL). */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, the key connection pools and ejections use. */
  readonly origin: string;
}

/** Builds an instance, deriving its origin once so the request path never formats strings. */
export function serviceInstance(id: string, host: string, port: number): ServiceInstance {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { id, host, port, origin: `http://${hostPart}:${port}` };
}

/**
 * Where instances come from. `resolve` returns the current instances of a service (possibly none),
 * throws `UnknownServiceError` when the backend knows the service does not exist, and throws
 * anything else when the backend itself failed (the cache then serves stale answers).
 */
export interface DiscoveryBackend {
  /** Short name used in errors and logs: `cloudmap`, `dns`, `static`. */
  readonly name: string;
  /**
   * Current instances of `service`. `signal` aborts when the caller stops waiting (the lookup
   * deadline); a backend should then release its socket or query rather than let it linger.
   */
  resolve(service: string, signal?: AbortSignal): Promise<readonly ServiceInstance[]>;
  /** Releases connections; called by `DiscoveryClient.close`. */
  close?(): void | Promise<void>;
}

/** The logging the library needs; a pino logger (or child) fits as is. */
export interface DiscoveryLogger {
  info(entry: Record<string, unknown>, msg: string): void;
  warn(entry: Record<string, unknown>, msg: string): void;
}

/** A logger that drops everything, used when the caller gives none. */
export const silentLogger: DiscoveryLogger = { info: () => undefined, warn: () => undefined };
