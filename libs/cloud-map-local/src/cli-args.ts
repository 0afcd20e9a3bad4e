import { isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import type { ServiceCatalog } from '@forum/service-catalog';
import type { CloudMapLocalOptions } from './cloud-map-local';

/** Usage text printed by `--help` and after a flag error. */
export const CLOUD_MAP_USAGE = `Usage: npm run cloud-map -- [options]

Runs a local stand-in for AWS Cloud Map: the service discovery API (AWS JSON 1.1) and DNS for the namespace.

Options:
  --host <ipv4>         address for the API and DNS (default 127.0.0.1)
  --api-port <port>     HTTP port of the API; 0 picks a free one (default 4566)
  --dns-port <port>     UDP and TCP port of DNS; 0 picks a free one (default 5353)
  --namespace <name>    private DNS namespace (default: the service catalog's)
  --services <a,b,...>  services to create (default: every service in the catalog)
  --ttl <seconds>       TTL on DNS answers (default 10)
  -h, --help            show this text`;

/** What the command line asked for: start the stand-in, or print the usage. */
export type CloudMapCliCommand = { kind: 'help' } | { kind: 'start'; options: Required<Omit<CloudMapLocalOptions, 'log'>> };

/** Parses and checks the CLI flags, throwing one error that lists every bad flag. */
export function parseCloudMapArgs(argv: readonly string[], catalog: ServiceCatalog): CloudMapCliCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'api-port': { type: 'string', default: '4566' },
      'dns-port': { type: 'string', default: '5353' },
      namespace: { type: 'string', default: catalog.namespace },
      services: { type: 'string', default: catalog.services.map((s) => s.name).join(',') },
      ttl: { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  const integer = (flag: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) problems.push(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const apiPort = integer('api-port', values['api-port'], 0, 65535);
  const dnsPort = integer('dns-port', values['dns-port'], 0, 65535);
  const dnsTtlSeconds = integer('ttl', values.ttl, 0, 86400);
  if (!isIPv4(values.host)) problems.push(`--host must be an IPv4 address, got "${values.host}"`);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(values.namespace)) problems.push(`--namespace must be a DNS name like forum.local, got "${values.namespace}"`);
  const services = values.services.split(',').map((s) => s.trim()).filter(Boolean);
  const badNames = services.filter((s) => !/^[a-z][a-z0-9-]{0,62}$/.test(s));
  if (services.length === 0) problems.push('--services must name at least one service');
  if (badNames.length > 0) problems.push(`--services holds names that are not DNS labels: ${badNames.join(', ')}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));

  return { kind: 'start', options: { host: values.host, apiPort, dnsPort, namespace: values.namespace, services, dnsTtlSeconds } };
}
