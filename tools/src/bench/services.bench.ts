import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LocalPostgres } from '@forum/postgres-local';
import { findProgram } from '../gateway/nginx-binary';
import { runWrk, type LoadResult } from './wrk';

// `npm run bench:services`: the CPU each service spends per request, next to references doing the same with less,
// plus cold start to /ready and idle RSS. Loopback only; every process it starts is stopped before it exits.

const ROOT = join(__dirname, '..', '..', '..');
const HOST = '127.0.0.1';
// Reads by id go to each seeded row in turn (4 users, 3 threads, 6 posts), as traffic reads more than one row.
const byIds = (collection: string, rows: number) => Array.from({ length: rows }, (_, i) => `/api/${collection}/${i + 1}`);
const SERVICES = [
  { name: 'users', byId: byIds('users', 4), list: '/api/users' },
  { name: 'threads', byId: byIds('threads', 3), list: '/api/threads' },
  { name: 'posts', byId: byIds('posts', 6), list: '/api/posts' },
] as const;
const REFERENCES = ['limit', 'nest-fastify', 'nest-express'] as const;
/** How long a started service is left alone before its idle RSS is read. */
const IDLE_RSS_AFTER_MS = 15_000;
/** The Dockerfiles' `RUN node -e` that fills the compile cache: every production dependency, loaded once. */
const PRIME_DEPENDENCIES = "for (const name of Object.keys(require('./package.json').dependencies)) require(name)";

/** One measured server: its name in the report and the per-request figures of its two routes. */
interface Figures {
  readonly label: string;
  readonly byId: Measured;
  readonly list: Measured;
  /** CPU per request by id in each round, in order, to pair a service with a reference round by round. */
  readonly byIdRounds: number[];
}

interface Measured extends LoadResult {
  /** CPU time (user + system) the server process spent per request served, in µs. */
  readonly cpuUs: number;
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** The `http` field of the service's `listening` line: the platform it runs on. */
  readonly platform: string;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      starts: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      'skip-build': { type: 'boolean', default: false },
      'aws-sample': { type: 'string' },
    },
  });
  const seconds = positive(values.seconds, '--seconds');
  const connections = positive(values.connections, '--connections');
  const starts = positive(values.starts, '--starts');
  const rounds = positive(values.rounds, '--rounds');
  const sample = values['aws-sample'];
  if (sample !== undefined && !existsSync(join(sample, 'server.js'))) throw new Error(`--aws-sample: no server.js in ${sample}`);
  await findProgram('wrk').catch(() => {
    throw new Error('wrk is not installed: sudo apt-get install -y wrk (Debian/Ubuntu) or brew install wrk (macOS)');
  });
  if (!values['skip-build']) {
    console.log('building users, threads and posts ...');
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'users', 'threads', 'posts', '--output-style=static'], { cwd: ROOT, stdio: 'ignore' });
  }
  console.log(`services benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores`);
  const pinning = await choosePinning();
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  // Its own temporary folder: as root, PostgreSQL runs as the postgres user, which must be able to enter it.
  const dir = await mkdtemp(join(tmpdir(), 'services-bench-postgres-'));
  const compileCaches = await mkdtemp(join(tmpdir(), 'services-bench-compile-cache-'));
  console.log(`pinning: ${pinning.description}; load average before start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`load: wrk -t1 -c${connections}, ${seconds} s per route after a 2 s warm-up; request log on (info), stdout drained through a pipe`);
  console.log('CPU/request: user + system time of the server process over the run, divided by the requests it served');
  console.log(`every server runs from the start; they are measured in turns, ${rounds} rounds, and each figure is the route's median round`);

  console.log('starting PostgreSQL ...');
  const postgres = await LocalPostgres.start({ dir, ephemeral: true });
  const figures: Figures[] = [];
  const startups: string[] = [];
  const ratios: string[] = [];
  // Every server under test, started once and measured in turns: a noisy neighbour or a slow minute then weighs on
  // each of them alike, where measuring one after the other let a reference and a service see different machines.
  const targets: { label: string; server: Running; byId: readonly string[]; list: string }[] = [];
  const idle: { label: string; server: Running; readyAt: number }[] = [];
  try {
    const logins = new Map<string, Record<string, string>>();
    for (const { name } of SERVICES) {
      const login = await postgres.ensureServiceDatabase(name);
      logins.set(name, { PGHOST: login.host, PGPORT: String(login.port), PGDATABASE: login.database, PGUSER: login.user, PGPASSWORD: login.password });
    }
    for (const reference of REFERENCES) {
      targets.push({ label: reference, server: await startReference(reference, pinning.service), byId: SERVICES[0].byId, list: '/api/users' });
    }
    if (sample !== undefined) {
      targets.push({ label: 'aws-sample', server: await startSample(sample, pinning.service), byId: SERVICES[0].byId, list: '/api/users' });
    }
    for (const service of SERVICES) {
      for (const storage of ['memory', 'postgres'] as const) {
        const env = storage === 'memory' ? { STORAGE: 'memory' } : { STORAGE: 'postgres', ...logins.get(service.name) };
        // The three ways a task can start, taken in turns so that a noisy neighbour slows each of them alike.
        const cache = { NODE_COMPILE_CACHE: primeCompileCache(service.name, compileCaches) };
        const variants = [
          { label: 'image (bundle, compile cache filled at build)', env: cache, entry: 'main.js' },
          { label: 'bundle without compile cache', env: {}, entry: 'main.js' },
          { label: 'unbundled server.js, as with tracing on but without the SDK', env: cache, entry: 'server.js' },
        ];
        const cold = variants.map(() => [] as { ms: number; rssMb: number }[]);
        for (let i = 0; i < starts; i++) {
          for (const [v, variant] of variants.entries()) {
            const started = await startService(service.name, { ...env, ...variant.env }, pinning.service, variant.entry);
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            cold[v].push({ ms: started.readyMs, rssMb: rssMb(started.server.child) });
            await started.server.stop();
          }
        }
        // Measured under load as the image runs it, and left idle until then for its idle RSS.
        const { server } = await startService(service.name, { ...env, ...cache }, pinning.service);
        const label = `${service.name}-${server.platform}-${storage}`;
        targets.push({ label, server, byId: service.byId, list: service.list });
        idle.push({ label, server, readyAt: performance.now() });
        for (const [v, variant] of variants.entries()) {
          const ms = median(cold[v].map((c) => c.ms));
          const rss = median(cold[v].map((c) => c.rssMb));
          startups.push(`${label}: ${variant.label}: cold start to /ready ${ms.toFixed(0)} ms, RSS 1 s after /ready ${rss.toFixed(1)} MB (median of ${starts})`);
        }
      }
    }

    // Before any load: each image start left alone long enough for V8's memory reducer to give back what the start
    // used, after the full collection the kit starts a second after listening (releaseStartMemory).
    for (const { label, server, readyAt } of idle) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + IDLE_RSS_AFTER_MS - performance.now())));
      startups.push(`${label}: image, idle RSS ${(IDLE_RSS_AFTER_MS / 1000).toFixed(0)} s after /ready ${rssMb(server.child).toFixed(1)} MB`);
    }

    const measure = async (server: Running, paths: string | readonly string[]): Promise<Measured> => {
      const load = { connections, wrapper: pinning.loadGenerator, paths: typeof paths === 'string' ? [paths] : paths };
      await runWrk(server.url, { ...load, seconds: 2 });
      const before = cpuTicks(server.child);
      const result = await runWrk(server.url, { ...load, seconds });
      const cpuSeconds = (cpuTicks(server.child) - before) / ticksPerSecond;
      return { ...result, cpuUs: (cpuSeconds * 1e6) / (result.rps * seconds) };
    };
    const runs = targets.map(() => ({ byId: [] as Measured[], list: [] as Measured[] }));
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round} of ${rounds}: ${targets.length} servers, two routes each ...`);
      for (const [i, target] of targets.entries()) {
        runs[i].byId.push(await measure(target.server, target.byId));
        runs[i].list.push(await measure(target.server, target.list));
      }
    }
    for (const [i, target] of targets.entries()) {
      const measured = { label: target.label, byId: medianRun(runs[i].byId), list: medianRun(runs[i].list), byIdRounds: runs[i].byId.map((r) => r.cpuUs) };
      report(measured, runs[i]);
      figures.push(measured);
    }
  } finally {
    await Promise.all(targets.map((target) => target.server.stop()));
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(compileCaches, { recursive: true, force: true });
  }

  // What the machine itself takes to start Node and exit, to compare cold starts across machines.
  const [command, ...args] = [...pinning.service, process.execPath, '-e', '0'];
  const bare = Array.from({ length: 5 }, () => {
    const started = performance.now();
    execFileSync(command, args);
    return performance.now() - started;
  });
  console.log(`node -e 0 on the server's core: ${median(bare).toFixed(0)} ms (median of 5)`);
  startups.forEach((line) => console.log(line));
  // Each ratio is requests per second of CPU, the service's over the reference's: the throughput of one core
  // given to each, which a load generator sharing a small machine cannot drive to saturation itself. It is taken in
  // each round, between two measurements a minute apart at most, and the median round's is printed: a ratio of
  // medians would set a reference's quiet minute against a service's busy one.
  const byLabel = new Map(figures.map((f) => [f.label, f]));
  const ratio = (service: string, reference: string, goal: string) => {
    const s = byLabel.get(service);
    const r = byLabel.get(reference);
    if (!s || !r) return;
    const perRound = s.byIdRounds.map((cpuUs, round) => r.byIdRounds[round] / cpuUs);
    const rounds = perRound.length > 1 ? `; rounds ${perRound.map((x) => x.toFixed(2)).join(', ')}` : '';
    ratios.push(`ratio ${service}/${reference}: ${median(perRound).toFixed(2)} (goal ${goal}${rounds})`);
  };
  for (const f of figures.filter((x) => x.label.startsWith('users-'))) ratio(f.label, 'limit', f.label.endsWith('memory') ? '>= 0.8' : '>= 0.5');
  if (byLabel.has('aws-sample')) ratio('aws-sample', 'limit', 'for comparison');
  for (const f of figures.filter((x) => /^(threads|posts)-express-memory$/.test(x.label))) ratio(f.label, 'nest-express', '>= 0.91');
  ratios.forEach((line) => console.log(line));
}

/**
 * Fills a compile cache for the service the way its Dockerfile does (the same two commands, run beside its
 * package.json), so the cold start measured with it is the one an ECS task has.
 */
function primeCompileCache(name: string, dir: string): string {
  const cache = join(dir, name);
  const options = { cwd: join(ROOT, 'dist', 'apps', name), env: { ...process.env, NODE_COMPILE_CACHE: cache }, stdio: 'ignore' as const };
  execFileSync(process.execPath, ['-e', PRIME_DEPENDENCIES], options);
  execFileSync(process.execPath, ['main.js'], { ...options, env: { ...options.env, LOAD_ONLY: 'true' } });
  return cache;
}

async function startService(name: string, env: Record<string, string>, wrapper: string[], entry = 'main.js'): Promise<{ server: Running; readyMs: number }> {
  const main = join(ROOT, 'dist', 'apps', name, entry);
  if (!existsSync(main)) throw new Error(`${main} is missing; run without --skip-build`);
  const started = performance.now();
  const server = await spawnServer([...wrapper, process.execPath, main], {
    ...process.env,
    NODE_ENV: 'production',
    HOST,
    PORT: '0',
    LOG_LEVEL: 'info',
    SEED_DATA: 'true',
    // threads and posts call others only on writes, which the benchmark does not send.
    DISCOVERY_BACKEND: 'static',
    DISCOVERY_STATIC: 'users=http://127.0.0.1:9,threads=http://127.0.0.1:9',
    // Tracing off, as deployed by default: main.js runs the bundle.
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    ...env,
  });
  for (;;) {
    const res = await fetch(`${server.url}/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    if (performance.now() - started > 30_000) throw new Error(`${name} was not ready within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { server, readyMs: performance.now() - started };
}

function startReference(kind: string, wrapper: string[]): Promise<Running> {
  const script = join(ROOT, 'tools', 'src', 'bench', 'reference-server.ts');
  const env = { ...process.env, NODE_ENV: 'production', HOST, PORT: '0', REFERENCE: kind, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json') };
  return spawnServer([...wrapper, process.execPath, '--import', 'tsx', script], env);
}

function startSample(dir: string, wrapper: string[]): Promise<Running> {
  // The sample listens on PORT (3000 by default) and logs nothing machine-readable: wait for its port.
  return spawnServer([...wrapper, process.execPath, join(dir, 'server.js')], { ...process.env, PORT: '3999' }, { cwd: dir, port: 3999 });
}

/** Spawns a server, drains its stdout as a log driver would, and waits for its `listening` line (or `port`). */
async function spawnServer(command: string[], env: NodeJS.ProcessEnv, fixed?: { cwd: string; port: number }): Promise<Running> {
  const [program, ...args] = command;
  const child = spawn(program, args, { env, cwd: fixed?.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const { stdout } = child;
  if (!stdout) throw new Error('child process has no stdout pipe');
  // What it wrote, to say why when it does not start (a service writes its fatal line to stdout).
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const listening = new Promise<{ port: number; platform: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not listen within 30 s: ${output}`)), 30_000);
    void exited.then(() => reject(new Error(`${args.join(' ')} exited before listening: ${output}`)));
    if (fixed) {
      const poll = setInterval(() => {
        fetch(`http://${HOST}:${fixed.port}/`).then(() => {
          clearInterval(poll);
          clearTimeout(timer);
          resolve({ port: fixed.port, platform: 'koa' });
        }, () => undefined);
      }, 20);
    }
    createInterface({ input: stdout }).on('line', (text) => {
      if (output.length < 4_000) output += `${text}\n`;
      const line = parseLine(text);
      if (line['msg'] === 'listening' && typeof line['port'] === 'number') {
        clearTimeout(timer);
        resolve({ port: line['port'], platform: String(line['http'] ?? line['reference']) });
      }
    });
  });
  try {
    const { port, platform } = await listening;
    return { child, url: `http://${HOST}:${port}`, platform, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Pinning {
  readonly service: string[];
  readonly loadGenerator: string[];
  readonly description: string;
}

/** The measured server on the last core, wrk and this script on core 0, so the load never takes the server's CPU. */
async function choosePinning(): Promise<Pinning> {
  const cores = availableParallelism();
  const taskset = await findProgram('taskset').catch(() => undefined);
  if (cores < 2 || !taskset) return { service: [], loadGenerator: [], description: `not pinned (${cores} core(s), taskset ${taskset ? 'found' : 'missing'})` };
  const last = String(cores - 1);
  execFileSync(taskset, ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  return {
    service: [taskset, '-c', last],
    loadGenerator: [taskset, '-c', '0'],
    description: `server under test on CPU ${last}; wrk, PostgreSQL and this script on CPU 0 (taskset); ${cores} cores`,
  };
}

function cpuTicks(child: ChildProcess): number {
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): utime and stime, in clock ticks.
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(child: ChildProcess): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The round whose CPU per request is the median, so its req/s and p99 are those of the same run. */
function medianRun(runs: Measured[]): Measured {
  return [...runs].sort((a, b) => a.cpuUs - b.cpuUs)[Math.floor(runs.length / 2)];
}

function report(f: Figures, runs: { byId: Measured[]; list: Measured[] }): void {
  for (const [route, m, all] of [['by id', f.byId, runs.byId], ['list', f.list, runs.list]] as const) {
    const errors = all.some((r) => r.errors) ? `  errors ${all.reduce((sum, r) => sum + r.errors, 0)}` : '';
    const rounds = all.length > 1 ? `  (rounds: ${all.map((r) => r.cpuUs.toFixed(1)).join(', ')} µs)` : '';
    console.log(`${`${f.label} ${route}`.padEnd(32)} ${m.rps.toFixed(0).padStart(7)} req/s  ${m.cpuUs.toFixed(1).padStart(6)} µs CPU/request  p99 ${m.p99Ms.toFixed(2)} ms${errors}${rounds}`);
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1, got ${value}`);
  return n;
}

function parseLine(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench: ${err.message}`);
    process.exit(1);
  },
);
