import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver';
import { waitForLogLine, type ServiceProcess } from './service-process';

/** What {@link describeServiceTracing} needs to know about one service. */
export interface ServiceTracingOptions {
  /** The service name, as its spans' resource carries it. */
  readonly name: string;
  /** Starts the service with `env` added (the collector's endpoint); the suite kills it after each test. */
  readonly start: (env: Readonly<Record<string, string>>) => Promise<ServiceProcess>;
  /** A GET the service answers. */
  readonly sample: { readonly path: string };
  /** Instrumentations (OTLP scope names) the sample request must have spans from, besides the HTTP server's. */
  readonly scopes: readonly string[];
  /** Loopback address of the collector. */
  readonly collectorHost: string;
}

/** The collector and the service of the current test, for a file's own tracing tests. */
export interface ServiceTracing {
  collector(): OtlpReceiver;
  service(): ServiceProcess;
}

const HTTP_SCOPE = '@opentelemetry/instrumentation-http';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

/** The caller's `traceparent` the suite sends, for a file's own tests. */
export const CALLER_TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`;

/**
 * Declares, inside the caller's `describe` and after its own `beforeEach`, the tests of a built service with
 * OpenTelemetry on: a loopback collector per test, spans really exported by each instrumentation, the request line's
 * `traceId` equal to the spans' (continued from the caller, or started by OpenTelemetry), and no spans for health checks.
 */
export function describeServiceTracing(options: ServiceTracingOptions): ServiceTracing {
  let collector: OtlpReceiver;
  let service: ServiceProcess;
  beforeEach(async () => {
    collector = await startOtlpReceiver({ host: options.collectorHost });
    // Each batch is exported within 50 ms instead of the default 5 s.
    service = await options.start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '50' });
  });
  afterEach(async () => {
    await service?.kill();
    await collector?.close();
  });

  const requestLine = async (requestId: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.baseUrl}${options.sample.path}`, { headers: { 'x-request-id': requestId, ...headers } });
    expect(res.status).toBe(200);
    return waitForLogLine(service, (l) => l['requestId'] === requestId && l['msg'] === 'request completed');
  };

  describe('OpenTelemetry tracing', () => {
    it('continues the caller\'s trace: the request line and every instrumentation\'s spans carry its trace id', async () => {
      const line = await requestLine(`otel-${options.name}-1`, { traceparent: CALLER_TRACEPARENT });
      expect(line['traceId']).toBe(TRACE_ID);
      const scopes = [HTTP_SCOPE, ...options.scopes];
      const spans = await collector.traceSpans(TRACE_ID, (trace) => scopes.every((scope) => trace.some((span) => span.scope === scope)));
      expect(spans.every((span) => span.service === options.name)).toBe(true);
      expect(spans.find((span) => span.parentSpanId === CALLER_SPAN_ID)?.scope).toBe(HTTP_SCOPE);
      expect([...collector.exports.keys()]).toEqual(['/v1/traces']);
    });

    it('logs the trace id OpenTelemetry started for a request that came without one', async () => {
      const line = await requestLine(`otel-${options.name}-2`);
      const spans = await collector.traceSpans(String(line['traceId']), (trace) => trace.some((span) => span.scope === HTTP_SCOPE));
      expect(spans.find((span) => span.scope === HTTP_SCOPE)?.parentSpanId).toBeUndefined();
    });

    it('exports no spans for health checks', async () => {
      await fetch(`${service.baseUrl}/health`);
      await fetch(`${service.baseUrl}/ready`);
      const line = await requestLine(`otel-${options.name}-3`);
      await collector.traceSpans(String(line['traceId']), (trace) => trace.some((span) => span.scope === HTTP_SCOPE));
      // Start-up queries are traces of their own; only requests have server spans.
      const served = collector.spans.filter((span) => span.scope === HTTP_SCOPE);
      expect(new Set(served.map((span) => span.traceId))).toEqual(new Set([line['traceId']]));
    });
  });

  return { collector: () => collector, service: () => service };
}
