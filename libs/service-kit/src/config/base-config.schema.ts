import { z } from 'zod';
import { otelEnvShape } from '../tracing/otel-env';
import { intVar, logLevels } from './env-vars';

/**
 * Variables every service reads. Apps add their own with `baseConfigSchema.extend({...})` in `src/config.ts`.
 * Defaults suit local development and ECS alike (every task listens on port 3000 of its own IP).
 */
export const baseConfigSchema = z.object({
  /** Address to bind; 0.0.0.0 so the awsvpc ENI and the load balancer can reach the task. */
  HOST: z.string().min(1, 'expected a host name or IP address').default('0.0.0.0'),
  /** TCP port; 0 lets the OS choose (tests). */
  PORT: intVar({ min: 0, max: 65535, default: 3000 }),
  LOG_LEVEL: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).default('info'),
  /** How long SIGTERM may take to drain in-flight requests; ECS sends SIGKILL 30 s after SIGTERM, so stay well below. */
  SHUTDOWN_TIMEOUT_MS: intVar({ min: 0, max: 120_000, default: 10_000 }),
  /** Largest accepted JSON body, in body-parser's notation (`100kb`, `1mb`); larger bodies get 413. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 512b, 100kb or 1mb')
    .default('100kb'),
  /** Deepest nesting of objects and arrays accepted in a JSON body; deeper bodies get 400 before they are parsed. */
  BODY_MAX_DEPTH: intVar({ min: 1, max: 1_000, default: 32 }),
  /**
   * Idle keep-alive timeout. It must exceed every client pool's idle timeout (ALB 60 s, nginx keepalive_timeout),
   * so the client always closes an idle socket first and never reuses one the server is closing (a 502 race).
   */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: intVar({ min: 1_000, max: 600_000, default: 65_000 }),
  /** OpenTelemetry's collector; tracing is off when unset. Read again, before config, by `startTracing`. */
  ...otelEnvShape,
});

/** The parsed, typed shape of the base variables. */
export type BaseConfig = Readonly<z.infer<typeof baseConfigSchema>>;
