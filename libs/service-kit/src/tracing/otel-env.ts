import { z } from 'zod';

/**
 * The variable that turns OpenTelemetry on: the OTLP/HTTP collector's base URL (`/v1/traces` is appended). Empty
 * means unset, as in OpenTelemetry's own parsing. The SDK reads the other standard `OTEL_*` variables itself.
 */
export const otelEnvShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.url({ protocol: /^https?$/, error: 'expected an http or https URL, e.g. http://127.0.0.1:4318' }).optional(),
  ),
};

const otelEnvSchema = z.object(otelEnvShape);

/** The collector endpoint when tracing is on and the variable is valid; undefined otherwise (config parsing reports it). */
export function otelEndpoint(env: Record<string, string | undefined>): string | undefined {
  const parsed = otelEnvSchema.safeParse(env);
  return parsed.success ? parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT : undefined;
}
