import type { IncomingHttpHeaders } from 'node:http';
import FastifyOtelInstrumentation from '@fastify/otel';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { readRequestContext, type RequestContext } from '../request/request-context';
import type { Tracing } from './tracing';

/** Longest wait for the last spans to be exported at shutdown. */
const SHUTDOWN_TIMEOUT_MS = 2_000;

// Load balancer and ECS health checks would otherwise be most of the spans.
const UNTRACED_PATHS = new Set(['/health', '/ready']);

/**
 * The OpenTelemetry Node SDK with an OTLP/HTTP (JSON) trace exporter and the instrumentations a kit service needs:
 * incoming and outgoing HTTP, Express, NestJS, fastify, undici (the discovery client) and pg. No metrics or logs
 * pipelines: logs stay pino's on stdout, with the trace id.
 */
export function startOtelSdk(options: { serviceName: string; endpoint: string }): Tracing {
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(req.url ?? '') }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Request and handler spans; a span per lifecycle hook would mostly time the kit's own bookkeeping.
      new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false, ignorePaths: (route) => UNTRACED_PATHS.has(route.url) }),
      new UndiciInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return {
    endpoint: options.endpoint,
    readContext: readActiveSpanContext,
    shutdown: () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS)));
      return Promise.race([sdk.shutdown(), timeout]).finally(() => clearTimeout(timer));
    },
  };
}

/** The request's context from the span the HTTP instrumentation opened for it (which continued its traceparent). */
function readActiveSpanContext(requestId: string, headers: IncomingHttpHeaders): RequestContext {
  const span = trace.getActiveSpan()?.spanContext();
  // No span (a path left untraced): the kit's own headers keep the trace going.
  if (span === undefined || !isSpanContextValid(span)) return readRequestContext(requestId, headers);
  return {
    requestId,
    traceId: span.traceId,
    parentSpanId: undefined,
    traceFlags: span.traceFlags < 16 ? `0${span.traceFlags.toString(16)}` : span.traceFlags.toString(16),
    tracestate: span.traceState?.serialize(),
    sendTraceHeaders: false,
  };
}
