import { otelEndpoint } from './otel-env';
import type { Tracing } from './tracing';

/**
 * Starts OpenTelemetry when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and returns undefined (having loaded no OpenTelemetry
 * module at all) when it is not. It must run before the modules it instruments are first required, so a service
 * calls it from a module its `main.ts` imports first, and it reads the environment itself: config parsing comes
 * later, with the kit.
 */
export function startTracing(serviceName: string, env: Record<string, string | undefined> = process.env): Tracing | undefined {
  const endpoint = otelEndpoint(env);
  if (endpoint === undefined) return undefined;
  // A synchronous require, so the SDK is loaded here and only here: the instrumented modules load right after.
  const { startOtelSdk } = require('./otel-sdk') as typeof import('./otel-sdk');
  return startOtelSdk({ serviceName: env['OTEL_SERVICE_NAME'] || serviceName, endpoint });
}
