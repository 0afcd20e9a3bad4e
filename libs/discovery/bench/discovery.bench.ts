import { Pool } from 'undici';
import { DiscoveryClient, StaticBackend } from '../src';
import { median, rate, requestsPerSecond } from './bench-measure';
import { startBenchServer } from './bench-server';

const LOOKUPS = 2_000_000;
const CONCURRENCY = 16;
const ROUND_MS = 500;
const ROUNDS = 12;
const PATH = '/api/users';

async function benchLookups(): Promise<void> {
  const discovery = new DiscoveryClient({ backend: new StaticBackend({ users: ['http://127.0.0.2:3000', 'http://127.0.0.3:3000'] }), cacheTtlMs: 3_600_000 });
  await discovery.lookup('users');
  for (let i = 0; i < 100_000; i++) await discovery.lookup('users'); // warm up the JIT
  const started = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) await discovery.lookup('users');
  const ns = Number(process.hrtime.bigint() - started) / LOOKUPS;
  await discovery.close();
  process.stdout.write(`cached lookups: ${rate(1e9 / ns)}/s (${(ns / 1000).toFixed(3)} µs each; goal < 2 µs)\n`);
}

async function benchThroughput(): Promise<void> {
  const server = await startBenchServer();
  // Same pool shape on both sides: keep-alive connections to one origin, CONCURRENCY requests in flight.
  const direct = new Pool(server.origin, { connections: CONCURRENCY });
  const discovery = new DiscoveryClient({ backend: new StaticBackend({ users: [server.origin] }), timeoutMs: 2000 });
  const users = discovery.client('users');
  const callDirect = async () => {
    const res = await direct.request({ path: PATH, method: 'GET' });
    return res.body.json();
  };
  const callClient = () => users.get(PATH);

  await requestsPerSecond(callDirect, CONCURRENCY, 1000); // warm up connections and the JIT on both paths
  await requestsPerSecond(callClient, CONCURRENCY, 1000);
  const directRates: number[] = [];
  const clientRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating rounds spread machine noise evenly over both sides.
    directRates.push(await requestsPerSecond(callDirect, CONCURRENCY, ROUND_MS));
    clientRates.push(await requestsPerSecond(callClient, CONCURRENCY, ROUND_MS));
  }
  await direct.close();
  await discovery.close();
  await server.close();

  const directRate = median(directRates);
  const clientRate = median(clientRates);
  // Each client round is compared with the direct round just before it, so a burst of load from
  // other processes skews one pair, not the result.
  const ratio = median(clientRates.map((r, i) => r / directRates[i]));
  process.stdout.write(`direct undici Pool to a fixed URL: ${rate(directRate)} req/s (rounds ${rate(Math.min(...directRates))}..${rate(Math.max(...directRates))})\n`);
  process.stdout.write(`discovery client (lookup, round robin, timeout, JSON): ${rate(clientRate)} req/s (rounds ${rate(Math.min(...clientRates))}..${rate(Math.max(...clientRates))})\n`);
  process.stdout.write(`ratio: ${ratio.toFixed(2)}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(
    [
      'How this is measured:',
      `- cached lookups: ${LOOKUPS.toLocaleString('en-US')} sequential awaited DiscoveryClient.lookup() calls on a warm cache (static backend), after a JIT warm-up.`,
      `- throughput: a node:http server in a child process answers GET ${PATH} with a 10-user JSON list. Both sides keep ${CONCURRENCY} requests`,
      `  in flight over keep-alive connections and parse the JSON body: "direct" uses an undici Pool on the fixed URL, "client" goes through`,
      `  discovery.client('users').get(). After 1 s of warm-up each, ${ROUNDS} alternating ${ROUND_MS} ms rounds per side (short rounds, so`,
      '  load from other processes falls on both sides alike). Rates are medians; the ratio is the median of client/direct',
      '  over each pair of adjacent rounds.',
      '',
    ].join('\n'),
  );
  await benchLookups();
  await benchThroughput();
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
