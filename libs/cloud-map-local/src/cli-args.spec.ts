import { parseServiceCatalog, serviceCatalog } from '@forum/service-catalog';
import { parseCloudMapArgs } from './cli-args';

describe('parseCloudMapArgs', () => {
  it('defaults to the catalog namespace and every catalog service', () => {
    expect(parseCloudMapArgs([], serviceCatalog)).toEqual({
      kind: 'start',
      options: {
        host: '127.0.0.1',
        apiPort: 4566,
        dnsPort: 5353,
        namespace: serviceCatalog.namespace,
        services: serviceCatalog.services.map((s) => s.name),
        dnsTtlSeconds: 10,
      },
    });
  });

  it('follows a catalog with a fourth service without code changes', () => {
    const four = parseServiceCatalog({ ...serviceCatalog, services: [...serviceCatalog.services, { ...serviceCatalog.services[0], name: 'billing' }] });
    const command = parseCloudMapArgs([], four);
    expect(command.kind === 'start' && command.options.services).toContain('billing');
  });

  it('takes every flag', () => {
    const command = parseCloudMapArgs(
      ['--host', '127.0.0.9', '--api-port', '0', '--dns-port', '1053', '--namespace', 'shop.internal', '--services', 'a, b', '--ttl', '1'],
      serviceCatalog,
    );
    expect(command).toEqual({
      kind: 'start',
      options: { host: '127.0.0.9', apiPort: 0, dnsPort: 1053, namespace: 'shop.internal', services: ['a', 'b'], dnsTtlSeconds: 1 },
    });
  });

  it('lists every bad flag in one error', () => {
    expect(() => parseCloudMapArgs(['--api-port', '99999', '--dns-port', 'x', '--host', 'localhost', '--services', 'Bad_Name'], serviceCatalog)).toThrow(
      /--api-port must be.*\n--dns-port must be.*\n--host must be an IPv4.*\n--services holds names that are not DNS labels: Bad_Name/,
    );
  });

  it('rejects unknown flags and answers --help', () => {
    expect(() => parseCloudMapArgs(['--port', '1'], serviceCatalog)).toThrow(/Unknown option '--port'/);
    expect(parseCloudMapArgs(['-h'], serviceCatalog)).toEqual({ kind: 'help' });
  });
});
