import { z } from 'zod';

/** A service name: Nx project, DNS label in the Cloud Map namespace, ECR repository suffix, route segment. */
export const serviceNamePattern = /^[a-z][a-z0-9-]{0,30}$/;

const serviceName = z.string().regex(serviceNamePattern, 'lower-case letters, digits and dashes, starting with a letter');

const scalingSchema = z.object({
  cpuTargetPercent: z.number().int().min(10).max(95),
  memoryTargetPercent: z.number().int().min(10).max(95),
  scaleInCooldownSeconds: z.number().int().min(0),
  scaleOutCooldownSeconds: z.number().int().min(0),
});

// Aurora Serverless v2 capacity in ACUs (0.5 steps); a minimum of 0 lets the cluster pause when idle.
const acu = z.number().min(0).max(256).multipleOf(0.5);

const databaseSchema = z
  .object({
    minCapacityAcu: acu.default(0),
    maxCapacityAcu: acu.min(1),
  })
  .refine((d) => d.minCapacityAcu <= d.maxCapacityAcu, { message: 'minCapacityAcu must not exceed maxCapacityAcu' });

/** Alarm thresholds of a service without an `alarms` entry, or for the fields it leaves out. */
export const DEFAULT_ALARM_THRESHOLDS = Object.freeze({ errorRatePercent: 5, p99LatencyMs: 1000 });

const alarmsSchema = z.strictObject({
  /** Share of requests answered 5xx, in percent, above which the service's error-rate alarm fires. */
  errorRatePercent: z.number().gt(0).max(100).default(DEFAULT_ALARM_THRESHOLDS.errorRatePercent),
  /** 99th percentile of the request duration, in milliseconds, above which its latency alarm fires. */
  p99LatencyMs: z.number().int().positive().default(DEFAULT_ALARM_THRESHOLDS.p99LatencyMs),
});

const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: serviceName,
    /** Always derived from the name; accepted and replaced so a variant built from a parsed definition parses. */
    routePrefix: z.string().optional(),
    port: z.number().int().min(1).max(65535),
    /** NestJS's HTTP platform: `express` (the default) or `fastify` (about half the CPU per request). */
    http: z.enum(['express', 'fastify'], { error: 'expected express or fastify' }).default('express'),
    calls: z.array(serviceName),
    cpu: z.number().int().positive(),
    memoryMiB: z.number().int().positive(),
    desiredCount: z.number().int().min(0),
    minCount: z.number().int().min(0),
    maxCount: z.number().int().min(1),
    scaling: scalingSchema,
    /** The service's own PostgreSQL database; omitted for a service that keeps no data. */
    database: databaseSchema.optional(),
    /** Alarm thresholds; omitted fields (or the whole object) take {@link DEFAULT_ALARM_THRESHOLDS}. */
    alarms: alarmsSchema.prefault({}),
  })
  .refine((s) => s.minCount <= s.desiredCount && s.desiredCount <= s.maxCount, {
    message: 'counts must satisfy minCount <= desiredCount <= maxCount',
  })
  .refine((s) => !s.calls.includes(s.name), { message: 'a service does not call itself', path: ['calls'] })
  .transform(({ $schema: _schema, routePrefix: _derived, ...s }) => ({ ...s, routePrefix: routePrefixOf(s.name) }));

/** Target tracking settings for one service's auto scaling. */
export type ServiceScaling = Readonly<z.infer<typeof scalingSchema>>;
/** Size of a service's own PostgreSQL database (Aurora Serverless v2 on AWS). */
export type ServiceDatabaseSize = Readonly<z.output<typeof databaseSchema>>;
/** When a service's alarms fire (infra's CloudWatch alarms, which also roll a failing deployment back). */
export type ServiceAlarmThresholds = Readonly<z.output<typeof alarmsSchema>>;
/** One deployable service as its `apps/<name>/service.json` describes it, plus its derived route prefix. */
export type ServiceDefinition = Readonly<z.output<typeof manifestSchema>>;

/** The public path prefix of a service, which the gateway routes and its callers use: `/api/<name>`. */
export function routePrefixOf(name: string): string {
  return `/api/${name}`;
}

/**
 * Validates one service's manifest (its own settings, kept with the service), throwing one error that lists every
 * problem. Services import this entry alone (`@forum/service-catalog/manifest`, zod only) to read their own at
 * start; the catalog reads them all.
 */
export function parseServiceManifest(input: unknown, source = 'service manifest'): ServiceDefinition {
  const result = manifestSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`);
    throw new Error(`Invalid ${source}:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(result.data);
}
