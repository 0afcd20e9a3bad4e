import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findProgram } from '../gateway/nginx-binary';
import { buildServices } from '../local-stack/build-services';
import { WORKSPACE_ROOT } from '../local-stack/local-stack';
import { choosePinning, startBenchGateway, startBenchService } from './bench-stack';
import { fixedRate } from './fixed-rate';
import { runWrk, type LoadResult } from './wrk';

// `npm run bench:gateway`: GET /api/users direct to the users service vs through the gateway, on this machine.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      rate: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const rate = Number(values.rate);
  const rounds = Number(values.rounds);
  await findProgram('wrk').catch(() => {
    throw new Error('wrk is not installed: sudo apt-get install -y wrk (Debian/Ubuntu) or brew install wrk (macOS)');
  });
  if (!values['skip-build']) await buildServices(WORKSPACE_ROOT, ['users']);
  const distDir = join(WORKSPACE_ROOT, 'dist', 'apps');
  if (!existsSync(join(distDir, 'users', 'main.js'))) throw new Error('dist/apps/users/main.js is missing; run without --skip-build');

  const pinning = await choosePinning();
  // The fixed-rate client runs in this process: keep it off the service's core too.
  if (pinning.loadGenerator.length > 0) execFileSync(pinning.loadGenerator[0], ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const service = await startBenchService(distDir, pinning, 5);
  const path = '/api/users';
  const wrk = (url: string) => runWrk(url, { seconds, connections, wrapper: pinning.loadGenerator });
  const [gatewayPort, keepalivePort] = [await freePort(), await freePort()];
  const nginx = await startBenchGateway(service, gatewayPort, pinning, false);
  const keepaliveNginx = await startBenchGateway(service, keepalivePort, pinning, true);
  const urls = {
    direct: `${service.url}${path}`,
    gateway: `http://127.0.0.1:${gatewayPort}${path}`,
    keepalive: `http://127.0.0.1:${keepalivePort}${path}`,
  };
  try {
    console.log(`gateway benchmark: GET ${path}, wrk -t1 -c${connections} -d${seconds}s x ${rounds} interleaved rounds (median), then ${rate} req/s fixed rate`);
    console.log(`pinning: ${pinning.description}; load average before start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('service: one users instance, LOG_LEVEL=warn (no request log lines); nginx: access log on, rate limit off');
    await runWrk(urls.gateway, { seconds: 3, connections, wrapper: pinning.loadGenerator }); // JIT warm-up of service and nginx
    const runs: Record<keyof typeof urls, LoadResult[]> = { direct: [], gateway: [], keepalive: [] };
    for (let round = 0; round < rounds; round++) {
      for (const key of Object.keys(urls) as Array<keyof typeof urls>) runs[key].push(await wrk(urls[key]));
    }
    const direct = median(runs.direct);
    const viaGateway = median(runs.gateway);
    const viaKeepalive = median(runs.keepalive);
    report('direct', direct);
    report('gateway (resolver variable)', viaGateway);
    report('gateway (keep-alive upstream)', viaKeepalive);

    const directFixed = await fixedRate(urls.direct, rate, seconds);
    const gatewayFixed = await fixedRate(urls.gateway, rate, seconds);
    console.log(`fixed ${rate} req/s: direct p50 ${directFixed.p50Ms.toFixed(2)} ms p99 ${directFixed.p99Ms.toFixed(2)} ms; gateway p50 ${gatewayFixed.p50Ms.toFixed(2)} ms p99 ${gatewayFixed.p99Ms.toFixed(2)} ms; added at p50 ${(gatewayFixed.p50Ms - directFixed.p50Ms).toFixed(2)} ms (failed ${directFixed.failed + gatewayFixed.failed})`);
    console.log(`keep-alive upstream (what GATEWAY_UPSTREAM_MODE=resolve gives on nginx >= 1.27.3) keeps ${(viaKeepalive.rps / direct.rps).toFixed(2)} of direct`);
    console.log(`ratio: ${(viaGateway.rps / direct.rps).toFixed(2)}`);
  } finally {
    await nginx.stop();
    await keepaliveNginx.stop();
    await service.close();
  }
}

/** The run with the median throughput, so one disturbed run on a shared machine does not decide the result. */
function median(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)];
}

function report(label: string, r: LoadResult): void {
  console.log(`${label.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms${r.errors ? `  errors ${r.errors}` : ''}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench: ${err.message}`);
    process.exit(1);
  },
);
