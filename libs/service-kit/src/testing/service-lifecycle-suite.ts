import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { waitUntilConnectionRefused } from './connection-refused';
import { startPartialRequest } from './partial-request';
import { startServiceProcess, waitForLogLine, type ServiceProcess } from './service-process';

/** A request the suite sends, and what the service must answer. */
export interface LifecycleRequest {
  readonly method: string;
  readonly path: string;
  /** A JSON body; none when omitted. */
  readonly body?: unknown;
  readonly status: number;
  /** The whole JSON body expected back; unchecked when omitted. */
  readonly response?: unknown;
}

/** What {@link describeServiceLifecycle} needs to know about one service. */
export interface ServiceLifecycleOptions {
  /** The service name, as its log lines carry it. */
  readonly name: string;
  /** The built entry point, to start a second process with {@link invalidEnv}. */
  readonly entry: string;
  /** The running service; the caller starts one per test (with whatever stand-ins it needs) and kills it after. */
  readonly service: () => ServiceProcess;
  /** Environment the service must refuse to start with: exit 1 before listening. */
  readonly invalidEnv: Record<string, string>;
  /** A GET the service answers, and the route template its log line names. */
  readonly sample: { readonly path: string; readonly route: string };
  /** A write that is in flight when SIGTERM arrives and must still be served. */
  readonly inFlight: LifecycleRequest;
}

/**
 * Declares the tests every service process must pass, inside the caller's `describe`: start-up refusal on bad
 * config, health and readiness, the request id round trip into the response and the log, and the SIGTERM drain
 * (in-flight requests served, new connections refused, `/ready` 503, exit 0). Each e2e file keeps only its own domain.
 */
export function describeServiceLifecycle(options: ServiceLifecycleOptions): void {
  describe('process lifecycle', () => {
    it('refuses to start on an invalid environment, exiting 1 before it listens', async () => {
      const started = startServiceProcess({ entry: options.entry, host: options.service().host, env: options.invalidEnv });
      await expect(started).rejects.toThrow(/exited with 1/);
    });

    it('runs from its bundle alone, with no node_modules to fall back on', async () => {
      // main.js runs server.bundle.js (tracing off): a start and a read need nothing from node_modules, so a package
      // the bundler could not follow fails here. Only packages a start never loads are left out of the bundle on
      // purpose, for node_modules to give on first use (see the kit's Build notes).
      const dir = await mkdtemp(join(tmpdir(), `${options.name}-bundle-`));
      try {
        for (const file of ['main.js', 'server.bundle.js']) await copyFile(join(dirname(options.entry), file), join(dir, file));
        const { host, env } = options.service();
        const alone = await startServiceProcess({ entry: join(dir, 'main.js'), host, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
        try {
          expect((await fetch(`${alone.baseUrl}/ready`)).status).toBe(200);
          expect((await fetch(`${alone.baseUrl}${options.sample.path}`)).status).toBe(200);
          // The bundler renames self-referencing classes (_InstanceLoader); the build gives them their names back.
          expect(alone.lines.map((l) => l['context']).filter((c) => typeof c === 'string' && c.startsWith('_'))).toEqual([]);
          expect(alone.lines.some((l) => l['context'] === 'InstanceLoader')).toBe(true);
        } finally {
          await alone.kill();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('ships a bundle that is all ASCII, which Node reads into a one-byte string', async () => {
      const bundle = await readFile(join(dirname(options.entry), 'server.bundle.js'), 'latin1');
      expect(bundle.length).toBeGreaterThan(0);
      expect(/[\u0080-\uffff]/.exec(bundle)?.index).toBeUndefined();
    });

    it('answers /health and /ready with 200 while serving', async () => {
      const { baseUrl } = options.service();
      expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
      expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    });

    it('round-trips X-Request-Id into the response and the request log line', async () => {
      const service = options.service();
      const requestId = `e2e-${options.name}-42`;
      const res = await fetch(`${service.baseUrl}${options.sample.path}`, { headers: { 'X-Request-Id': requestId } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe(requestId);
      const line = await waitForLogLine(service, (l) => l['requestId'] === requestId);
      expect(line).toMatchObject({ method: 'GET', route: options.sample.route, statusCode: 200, service: options.name });
      expect(line['traceId']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('drains on SIGTERM: in-flight request completes, new connections are refused, /ready is 503, exit 0', async () => {
      const service = options.service();
      const { inFlight } = options;
      const target = { host: service.host, port: service.port };
      // SIGTERM follows the bytes at once, before the service has read them: the write comes on a kept-alive
      // connection (as from a balancer's pool), /ready on a fresh one.
      const writing = await startPartialRequest({ ...target, ...inFlight, headers: { 'x-request-id': 'in-flight-1' }, reuseKeepAlive: true });
      const readiness = await startPartialRequest({ ...target, method: 'GET', path: '/ready' });

      service.child.kill('SIGTERM');
      await waitUntilConnectionRefused(service.host, service.port);
      expect(service.child.exitCode).toBeNull();

      const ready = await readiness.finish();
      expect(ready.statusCode).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });

      const written = await writing.finish();
      expect(written.statusCode).toBe(inFlight.status);
      if (inFlight.response !== undefined) expect(JSON.parse(written.body)).toEqual(inFlight.response);

      expect(await service.exited).toEqual({ code: 0, signal: null });
      expect(service.lines.find((l) => l['requestId'] === 'in-flight-1')).toMatchObject({ statusCode: inFlight.status });
    });
  });
}
