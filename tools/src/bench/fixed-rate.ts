import { Agent, request } from 'node:http';

/** Latency percentiles of an open-loop run at a fixed request rate. */
export interface FixedRateResult {
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

/**
 * Sends GETs at a fixed rate regardless of how fast answers come (open loop, so queueing shows up as latency),
 * measuring each from its scheduled start. Kept to low rates: it shares a CPU with nothing measured.
 */
export async function fixedRate(url: string, rps: number, seconds: number): Promise<FixedRateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round(rps * seconds);
  const start = process.hrtime.bigint();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round((i * 1e9) / rps));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
            else failed++;
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end();
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { p50Ms: at(50), p99Ms: at(99), failed };
}
