import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startOtlpReceiver } from '../testing/otlp-receiver';

const run = promisify(execFile);
// Each case starts Node processes that compile the kit with tsx and load both HTTP platforms: a few seconds with a
// cold cache, more while a build shares the machine, past jest's 5 s default. The child's own limit is 30 s.
const CHILD_PROCESS_TEST_TIMEOUT_MS = 90_000;

/**
 * Starts tracing in a fresh Node process (jest's module registry hides what Node really loads), then loads the kit and
 * both HTTP platforms, as a service's main.ts does, and reports which OpenTelemetry modules Node loaded.
 */
async function loadedAfterStart(env: Record<string, string>): Promise<{ started: boolean; otel: string[] }> {
  const script = `
    const { startTracing } = require('../tracing.ts');
    const tracing = startTracing('probe');
    require('../index.ts');
    require('@nestjs/platform-express');
    require('@nestjs/platform-fastify');
    const otel = Object.keys(require.cache).filter((path) => /[\\\\/]node_modules[\\\\/](@opentelemetry|@fastify[\\\\/]otel)[\\\\/]/.test(path));
    const names = [...new Set(otel.map((path) => path.replace(/.*[\\\\/]node_modules[\\\\/]((@[^\\\\/]+[\\\\/])?[^\\\\/]+).*/, '$1')))];
    process.stdout.write(JSON.stringify({ started: tracing !== undefined, otel: names }));
    void tracing?.shutdown();
  `;
  const { stdout } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    cwd: __dirname,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { started: boolean; otel: string[] };
}

describe('startTracing', () => {
  it('loads no OpenTelemetry module at all when OTEL_EXPORTER_OTLP_ENDPOINT is unset or empty', async () => {
    expect(await loadedAfterStart({})).toEqual({ started: false, otel: [] });
    expect(await loadedAfterStart({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({ started: false, otel: [] });
  }, CHILD_PROCESS_TEST_TIMEOUT_MS);

  it('leaves an invalid endpoint to config parsing, which names it, instead of starting', async () => {
    expect(await loadedAfterStart({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' })).toEqual({ started: false, otel: [] });
  }, CHILD_PROCESS_TEST_TIMEOUT_MS);

  it('starts the SDK with its instrumentations when the endpoint is set', async () => {
    const collector = await startOtlpReceiver();
    try {
      const { started, otel } = await loadedAfterStart({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint });
      expect(started).toBe(true);
      expect(otel).toEqual(expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-http', '@fastify/otel']));
    } finally {
      await collector.close();
    }
  }, CHILD_PROCESS_TEST_TIMEOUT_MS);
});
