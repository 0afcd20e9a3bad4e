import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { ServiceCatalog } from '@forum/service-catalog';

/** What `npm start -- [up] ...` asks for. */
export interface UpCommand {
  kind: 'up';
  /** Services to run, in catalog order. */
  services: string[];
  /** Instances per service. */
  scale: Record<string, number>;
  gatewayPort: number;
  /** `off`, or the nginx rate (e.g. `50r/s`) when `--rate-limit` is given. */
  rateLimit: string;
  rateLimitBurst: number;
  /** DNS TTL of the stand-in and nginx's resolver `valid=`. */
  dnsTtlSeconds: number;
  stateDir: string;
  skipBuild: boolean;
  /** Wipe `<stateDir>/postgres` before starting: only the seed rows come back. */
  fresh: boolean;
  /** Rebuild a service when its code or a lib it uses is saved, and replace its instances the ECS way. */
  watch: boolean;
  /** Keep the services' output out of the terminal (it still goes to the log files). */
  quiet: boolean;
  /** Folder holding `<service>/main.js`; `dist/apps` of the workspace unless `--dist-dir` says otherwise. */
  distDir?: string;
}

/** What `npm start -- restart <service|instanceId>` asks for. */
export interface RestartCommand {
  kind: 'restart';
  target: string;
  stateDir: string;
}

/** What `npm start -- psql <service> [-- <psql args>]` asks for. */
export interface PsqlCommand {
  kind: 'psql';
  service: string;
  stateDir: string;
  /** Passed to psql unchanged (what follows `--`). */
  psqlArgs: string[];
}

/** What `npm start -- trace <request-id|trace-id>` asks for. */
export interface TraceCommand {
  kind: 'trace';
  /** A request id (X-Request-Id) or a 32-hex trace id, as the gateway's access log and the services' lines carry. */
  id: string;
  stateDir: string;
  /** Print the hops as JSON instead of a table. */
  json: boolean;
}

/** `npm start -- --help` (or `-h`), anywhere before `--`: print the usage and exit 0. */
export interface HelpCommand {
  kind: 'help';
}

/** One parsed command line. */
export type StackCommand = UpCommand | RestartCommand | PsqlCommand | TraceCommand | HelpCommand;

/** The image's documented default (nginx/README.md), used when `--rate-limit` is given without a rate. */
const DEFAULT_RATE = '50r/s';

export const USAGE = `Usage:
  npm start [-- [up] [options]]           build and run the whole system locally
  npm start -- restart <service|instance> [--state-dir dir]
                                          move one instance to a new address, as an ECS task replacement does
  npm start -- psql <service> [--state-dir dir] [-- <psql args>]
                                          SQL shell on that service's database, as its role (needs psql)
  npm start -- trace <request-id|trace-id> [--state-dir dir] [--json]
                                          that request's path through the gateway and every instance it touched,
                                          from the logs of the running stack (or of its last run)
  npm start -- --help                     this text

Options of up:
  --scale users=3[,posts=2]   instances per service (default 1)
  --only users,posts          run a subset of the services
  --gateway-port 8080         port of the gateway on 127.0.0.1 (default 8080)
  --rate-limit[=50r/s]        turn the gateway's per-client rate limit on (off by default locally)
  --rate-burst 100            burst allowed above the rate (default 100)
  --dns-ttl 2                 DNS TTL and nginx resolver valid= in seconds (default 2)
  --state-dir .local-stack    where state.json, logs, PostgreSQL's data and the control socket live
  --fresh                     wipe <state-dir>/postgres first: every database back to its seed rows
  --watch                     rebuild a service when its code or a lib it uses changes, and replace its instances
  --quiet                     only the stack's own lines on the terminal (service logs still go to <state-dir>/logs/)
  --skip-build                use the services already built in dist/
  --dist-dir dist/apps        where <service>/main.js is found (implies --skip-build)
  -h, --help                  print this text and exit`;

const OPTIONS = {
  scale: { type: 'string', multiple: true },
  only: { type: 'string' },
  'gateway-port': { type: 'string' },
  'rate-burst': { type: 'string' },
  'dns-ttl': { type: 'string' },
  'state-dir': { type: 'string' },
  'skip-build': { type: 'boolean' },
  fresh: { type: 'boolean' },
  quiet: { type: 'boolean' },
  watch: { type: 'boolean' },
  'dist-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/**
 * Reads the flags leniently, so every unknown flag and every flag missing its value is named at once (strict
 * parseArgs stops at the first one).
 */
function readFlags(args: string[], problems: string[]) {
  const { values, positionals, tokens } = parseArgs({ args, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = (OPTIONS as ParseArgsOptionsConfig)[token.name];
    if (!spec) problems.push(`unknown option ${token.rawName}`);
    else if (spec.type === 'boolean' && token.value !== undefined) problems.push(`${token.rawName} takes no value`);
    else if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      problems.push(`${token.rawName} needs a value${token.value ? ` (got ${token.value})` : ''}`);
    }
  }
  const text = (name: keyof typeof OPTIONS, fallback: string) => (typeof values[name] === 'string' ? (values[name] as string) : fallback);
  const flag = (name: keyof typeof OPTIONS) => values[name] === true;
  const scale = Array.isArray(values.scale) ? values.scale.filter((v): v is string => typeof v === 'string') : [];
  return { values: { text, flag, scale }, positionals };
}

/** Parses argv (after `npm start --`) against the catalog, failing with every problem and the usage text. */
export function parseStackArgs(argv: readonly string[], catalog: ServiceCatalog): StackCommand {
  let rateLimit = 'off';
  const rest: string[] = [];
  // What follows `--` belongs to psql (`npm start -- psql users -- -c 'select 1'`: npm keeps the second `--`).
  const dashes = argv.indexOf('--');
  const passThrough = dashes >= 0 ? argv.slice(dashes + 1) : [];
  for (const arg of dashes >= 0 ? argv.slice(0, dashes) : argv) {
    if (arg === '--rate-limit') rateLimit = DEFAULT_RATE;
    else if (arg.startsWith('--rate-limit=')) rateLimit = arg.slice('--rate-limit='.length);
    else rest.push(arg);
  }
  const problems: string[] = [];
  const { values, positionals } = readFlags(rest, problems);
  if (values.flag('help')) return { kind: 'help' };
  const stateDir = values.text('state-dir', '.local-stack');
  const known = catalog.services.map((s) => s.name);
  const [command = 'up', ...args] = positionals;
  if (values.flag('json') && command !== 'trace') problems.push('--json goes with trace only');

  if (command === 'restart') {
    if (args.length !== 1) problems.push('restart takes one service name or instance id, e.g. `restart users`');
    if (passThrough.length > 0) problems.push(`restart takes nothing after --: ${passThrough.join(' ')}`);
    return finish(problems, { kind: 'restart', target: args[0] ?? '', stateDir });
  }
  if (command === 'psql') {
    if (args.length !== 1) problems.push('psql takes one service name, e.g. `psql users` (psql options go after --)');
    else if (!known.includes(args[0])) problems.push(`psql: unknown service "${args[0]}" (known: ${known.join(', ')})`);
    else if (!catalog.services.find((s) => s.name === args[0])?.database) problems.push(`psql: ${args[0]} owns no database (no \`database\` in the catalog)`);
    return finish(problems, { kind: 'psql', service: args[0] ?? '', stateDir, psqlArgs: passThrough });
  }
  if (command === 'trace') {
    if (args.length !== 1) problems.push('trace takes one request id or trace id, e.g. `trace 4bf92f3577b34da6a3ce929d0e0e4736`');
    // The ids the gateway keeps (nginx.conf.template's map), so nothing else can match.
    else if (!/^[A-Za-z0-9._:-]{1,128}$/.test(args[0])) problems.push(`trace: "${args[0]}" is not a request id or trace id (letters, digits, . _ : -)`);
    if (passThrough.length > 0) problems.push(`trace takes nothing after --: ${passThrough.join(' ')}`);
    return finish(problems, { kind: 'trace', id: args[0] ?? '', stateDir, json: values.flag('json') });
  }
  if (passThrough.length > 0) problems.push(`unexpected arguments after --: ${passThrough.join(' ')} (only psql takes them)`);
  if (command !== 'up') problems.push(`unknown command "${command}"`);
  if (args.length > 0) problems.push(`unexpected arguments: ${args.join(' ')}`);

  const onlyFlag = values.text('only', '');
  const only = onlyFlag ? onlyFlag.split(',').map((s) => s.trim()).filter(Boolean) : known;
  for (const name of only) if (!known.includes(name)) problems.push(`--only: unknown service "${name}" (known: ${known.join(', ')})`);
  const services = known.filter((name) => only.includes(name));

  const scale: Record<string, number> = Object.fromEntries(services.map((name) => [name, 1]));
  for (const pair of values.scale.flatMap((v) => v.split(','))) {
    const match = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(pair.trim());
    if (!match) problems.push(`--scale: expected service=count, got "${pair}"`);
    else if (!services.includes(match[1])) problems.push(`--scale: "${match[1]}" is not a running service (${services.join(', ')})`);
    else if (Number(match[2]) < 1 || Number(match[2]) > 20) problems.push(`--scale: ${match[1]} count must be 1..20`);
    else scale[match[1]] = Number(match[2]);
  }
  const gatewayPort = wholeNumber('--gateway-port', values.text('gateway-port', '8080'), 1, 65535, problems);
  const rateLimitBurst = wholeNumber('--rate-burst', values.text('rate-burst', '100'), 0, 100000, problems);
  const dnsTtlSeconds = wholeNumber('--dns-ttl', values.text('dns-ttl', '2'), 1, 300, problems);
  if (values.flag('watch') && values.text('dist-dir', '')) problems.push('--watch builds into dist/apps, so it cannot be used with --dist-dir');
  if (rateLimit !== 'off' && !/^\d+r\/[sm]$/.test(rateLimit)) problems.push(`--rate-limit: expected a rate like 50r/s, got "${rateLimit}"`);

  return finish(problems, {
    kind: 'up',
    services,
    scale,
    gatewayPort,
    rateLimit,
    rateLimitBurst,
    dnsTtlSeconds,
    stateDir,
    skipBuild: values.flag('skip-build') || values.text('dist-dir', '') !== '',
    fresh: values.flag('fresh'),
    quiet: values.flag('quiet'),
    watch: values.flag('watch'),
    distDir: values.text('dist-dir', '') || undefined,
  });
}

function wholeNumber(flag: string, raw: string, min: number, max: number, problems: string[]): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${flag}: expected a whole number ${min}..${max}, got "${raw}"`);
  return value;
}

function finish<T extends StackCommand>(problems: string[], command: T): T {
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  return command;
}
