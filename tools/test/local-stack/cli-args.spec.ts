import { serviceCatalog } from '@forum/service-catalog';
import { parseStackArgs, USAGE } from '../../src/local-stack/cli-args';

describe('npm start arguments', () => {
  it('runs every catalog service once, rate limit off, gateway on 8080 by default', () => {
    expect(parseStackArgs([], serviceCatalog)).toEqual({
      kind: 'up',
      services: serviceCatalog.services.map((s) => s.name),
      scale: Object.fromEntries(serviceCatalog.services.map((s) => [s.name, 1])),
      gatewayPort: 8080,
      rateLimit: 'off',
      rateLimitBurst: 100,
      dnsTtlSeconds: 2,
      stateDir: '.local-stack',
      skipBuild: false,
      fresh: false,
      quiet: false,
      watch: false,
      distDir: undefined,
    });
  });

  it('reads --only, --scale, --gateway-port and --rate-limit with or without a rate', () => {
    const cmd = parseStackArgs(['--only', 'posts,users', '--scale', 'users=3', '--gateway-port', '9090', '--rate-limit'], serviceCatalog);
    expect(cmd).toMatchObject({ services: ['users', 'posts'], scale: { users: 3, posts: 1 }, gatewayPort: 9090, rateLimit: '50r/s' });
    expect(parseStackArgs(['--rate-limit=5r/s'], serviceCatalog)).toMatchObject({ rateLimit: '5r/s' });
  });

  it('parses restart with its target', () => {
    expect(parseStackArgs(['restart', 'users-2', '--state-dir', '/tmp/x'], serviceCatalog)).toEqual({ kind: 'restart', target: 'users-2', stateDir: '/tmp/x' });
  });

  it('reads --fresh', () => {
    expect(parseStackArgs(['--fresh', '--only', 'users'], serviceCatalog)).toMatchObject({ kind: 'up', fresh: true, services: ['users'] });
  });

  it('parses psql with its service, passing what follows -- to psql', () => {
    expect(parseStackArgs(['psql', 'users', '--state-dir', '/tmp/x', '--', '-c', 'select count(*) from users'], serviceCatalog)).toEqual({
      kind: 'psql',
      service: 'users',
      stateDir: '/tmp/x',
      psqlArgs: ['-c', 'select count(*) from users'],
    });
  });

  it('rejects psql without a service, for an unknown one, and -- after other commands', () => {
    expect(() => parseStackArgs(['psql'], serviceCatalog)).toThrow(/psql takes one service name/);
    expect(() => parseStackArgs(['psql', 'comments'], serviceCatalog)).toThrow(/psql: unknown service "comments"/);
    expect(() => parseStackArgs(['--', '-c', 'x'], serviceCatalog)).toThrow(/unexpected arguments after --: -c x \(only psql takes them\)/);
  });

  it('parses trace with its id, --state-dir and --json', () => {
    expect(parseStackArgs(['trace', '4bf92f3577b34da6a3ce929d0e0e4736', '--state-dir', '/tmp/x', '--json'], serviceCatalog)).toEqual({
      kind: 'trace',
      id: '4bf92f3577b34da6a3ce929d0e0e4736',
      stateDir: '/tmp/x',
      json: true,
    });
    expect(parseStackArgs(['trace', 'b7ad6b71-6a1c-4d2b'], serviceCatalog)).toEqual({ kind: 'trace', id: 'b7ad6b71-6a1c-4d2b', stateDir: '.local-stack', json: false });
  });

  it('rejects trace without one id, an id the gateway would never keep, and --json elsewhere', () => {
    expect(() => parseStackArgs(['trace'], serviceCatalog)).toThrow(/trace takes one request id or trace id/);
    expect(() => parseStackArgs(['trace', 'a b'], serviceCatalog)).toThrow(/trace: "a b" is not a request id or trace id/);
    expect(() => parseStackArgs(['--json'], serviceCatalog)).toThrow(/--json goes with trace only/);
  });

  it('asks for help with --help or -h, whatever else is on the line', () => {
    expect(parseStackArgs(['--help'], serviceCatalog)).toEqual({ kind: 'help' });
    expect(parseStackArgs(['psql', '-h', '--bogus'], serviceCatalog)).toEqual({ kind: 'help' });
  });

  it('lists every option and command in the usage', () => {
    const options = ['--scale', '--only', '--gateway-port', '--rate-limit', '--rate-burst', '--dns-ttl', '--state-dir', '--fresh', '--watch', '--quiet', '--skip-build', '--dist-dir', '--help'];
    for (const text of [...options, 'restart <service|instance>', 'psql <service>', 'trace <request-id|trace-id>', '--json']) expect(USAGE).toContain(text);
  });

  it('names every unknown flag and every flag missing its value at once', () => {
    const run = () => parseStackArgs(['--bogus', '--scael', 'users=2', '--fresh=yes', '--gateway-port', '--only'], serviceCatalog);
    expect(run).toThrow(/unknown option --bogus\nunknown option --scael\n--fresh takes no value\n--gateway-port needs a value \(got --only\)/);
  });

  it('rejects every bad flag in one message with the usage', () => {
    const run = () => parseStackArgs(['--only', 'users,comments', '--scale', 'posts=2', '--gateway-port', 'http', '--rate-limit=fast'], serviceCatalog);
    expect(run).toThrow(/unknown service "comments"[\s\S]*"posts" is not a running service[\s\S]*--gateway-port[\s\S]*--rate-limit[\s\S]*Usage:/);
  });
});
