import { isIP, isIPv4 } from 'node:net';

/** Result of parsing one list-valued variable: the value, or every problem found. */
export type ListParse<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Parses `DISCOVERY_STATIC`: comma-separated `service=http://host:port` pairs; repeating a service
 * adds instances (`users=http://127.0.0.2:3000,users=http://127.0.0.3:3000`).
 */
export function parseStaticInstances(raw: string): ListParse<Record<string, string[]>> {
  const value: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const service = item.slice(0, eq).trim();
    const url = item.slice(eq + 1).trim();
    if (eq <= 0 || !/^[a-z][a-z0-9-]*$/.test(service)) {
      problems.push(`"${item}" is not service=http://host:port`);
      continue;
    }
    if (!/^http:\/\/[^/\s]+\/?$/.test(url) || !URL.canParse(url)) {
      problems.push(`"${url}" for ${service} is not an http://host:port URL`);
      continue;
    }
    (value[service] ??= []).push(url.replace(/\/$/, ''));
  }
  if (problems.length === 0 && Object.keys(value).length === 0) problems.push('lists no instances');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** Parses `DISCOVERY_DNS_SERVERS`: comma-separated `ip`, `ip:port` or `[ipv6]:port`, as `Resolver.setServers` takes them. */
export function parseDnsServers(raw: string): ListParse<string[]> {
  const value: string[] = [];
  const problems: string[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const v4 = /^([\d.]+)(?::(\d+))?$/.exec(item);
    const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(item);
    const ip = v4?.[1] ?? v6?.[1] ?? (isIP(item) === 6 ? item : undefined);
    const port = v4?.[2] ?? v6?.[2];
    const ipOk = ip !== undefined && (v4 ? isIPv4(ip) : isIP(ip) === 6);
    const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    if (ipOk && portOk) value.push(item);
    else problems.push(`"${item}" is not ip, ip:port or [ipv6]:port`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}
