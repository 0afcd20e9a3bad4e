import { startTracing } from '@forum/service-kit/tracing';
import { manifest } from './manifest';

/**
 * OpenTelemetry, on when OTEL_EXPORTER_OTLP_ENDPOINT is set. main.ts imports this module first: the SDK can patch
 * http, Express, fastify, Nest, undici and pg only when it loads before them.
 */
export const tracing = startTracing(manifest.name);
