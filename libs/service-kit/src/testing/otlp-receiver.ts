import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from './loopback-server';

/** One span as an OTLP/HTTP JSON export carried it, with the service that sent it. */
export interface ReceivedSpan {
  readonly service: string;
  /** The instrumentation that made it, e.g. `@opentelemetry/instrumentation-http`. */
  readonly scope: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
}

/** A loopback OTLP/HTTP collector: `endpoint` goes into `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export interface OtlpReceiver extends LoopbackServer {
  readonly endpoint: string;
  /** Spans received so far (none when started with `keep: false`). */
  readonly spans: ReceivedSpan[];
  /** How many export requests arrived, by path (`/v1/traces`; any other path means another signal was exported). */
  readonly exports: Map<string, number>;
  /** Resolves with the spans of one trace once `done` accepts them, polling for up to `timeoutMs` (exports are batched). */
  traceSpans(traceId: string, done: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string }> }>;
  }>;
}

/**
 * Starts a collector that accepts OTLP/HTTP JSON exports and answers 200, keeping the spans for tests to assert on, or
 * (`keep: false`) reading and discarding them, as a sink for benchmarks.
 */
export async function startOtlpReceiver(options: { host?: string; keep?: boolean } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const exports = new Map<string, number>();
  const keep = options.keep ?? true;
  const server = await startLoopbackServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      exports.set(path, (exports.get(path) ?? 0) + 1);
      if (keep && path === '/v1/traces') spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }, options.host);
  const traceSpans = async (traceId: string, done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const trace = spans.filter((span) => span.traceId === traceId);
      if (done(trace)) return trace;
      if (Date.now() > deadline) throw new Error(`trace ${traceId} incomplete after ${timeoutMs} ms: ${JSON.stringify(trace)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { ...server, endpoint: server.origin, spans, exports, traceSpans };
}

function spansOf(body: OtlpJson): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resource) => {
    const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return (resource.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        scope: scope.scope?.name ?? '',
        name: span.name,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
      })),
    );
  });
}
