import { z } from 'zod';
import catalogJson from './services.json';

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and dashes');

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

const serviceSchema = z
  .object({
    name: serviceName,
    port: z.number().int().min(1).max(65535),
    routePrefix: z.string().regex(/^\/api\/[a-z0-9-]+$/, 'a path like /api/<name>'),
    calls: z.array(serviceName),
    cpu: z.number().int().positive(),
    memoryMiB: z.number().int().positive(),
    desiredCount: z.number().int().min(0),
    minCount: z.number().int().min(0),
    maxCount: z.number().int().min(1),
    scaling: scalingSchema,
    /** The service's own PostgreSQL database; omitted for a service that keeps no data. */
    database: databaseSchema.optional(),
  });

const catalogSchema = z
  .object({
    namespace: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like forum.local'),
    services: z.array(serviceSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const names = new Set<string>();
    for (const s of catalog.services) {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', message: `service "${s.name}" is listed twice` });
      names.add(s.name);
      if (!(s.minCount <= s.desiredCount && s.desiredCount <= s.maxCount)) {
        ctx.addIssue({ code: 'custom', message: `service "${s.name}": counts must satisfy minCount <= desiredCount <= maxCount` });
      }
    }
    for (const s of catalog.services) {
      for (const callee of s.calls) {
        if (!names.has(callee)) {
          ctx.addIssue({ code: 'custom', message: `service "${s.name}" calls unknown service "${callee}"` });
        }
      }
    }
  });

/** Target tracking settings for one service's auto scaling. */
export type ServiceScaling = Readonly<z.infer<typeof scalingSchema>>;
/** Size of a service's own PostgreSQL database (Aurora Serverless v2 on AWS). */
export type ServiceDatabase = Readonly<z.infer<typeof databaseSchema>>;
/** One deployable service: how it is routed, sized, scaled and whom it calls. */
export type ServiceDefinition = Readonly<z.infer<typeof serviceSchema>>;
/** The whole list of services and the discovery namespace they share. */
export type ServiceCatalog = Readonly<{ namespace: string; services: readonly ServiceDefinition[] }>;

/**
 * Validates a catalog, throwing one error that lists every problem.
 * Exposed so tests can build variants (a fourth service, say) from the real one.
 */
export function parseServiceCatalog(input: unknown): ServiceCatalog {
  const result = catalogSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(catalog)'}: ${i.message}`);
    throw new Error(`Invalid service catalog:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(result.data);
}

/** The one list of services that drives nginx routes, CDK stacks, the local stack and deploys. */
export const serviceCatalog: ServiceCatalog = parseServiceCatalog(catalogJson);

/** Looks a service up by name, failing with the list of known names. */
export function getService(name: string, catalog: ServiceCatalog = serviceCatalog): ServiceDefinition {
  const found = catalog.services.find((s) => s.name === name);
  if (!found) {
    throw new Error(`Unknown service "${name}"; known services: ${catalog.services.map((s) => s.name).join(', ')}`);
  }
  return found;
}
