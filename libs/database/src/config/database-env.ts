import { intVar } from '@forum/service-kit';
import { z } from 'zod';

const optionalText = z.string().min(1).optional();

/** The variables every service with a database reads; spread into its env schema by {@link withDatabaseEnv}. */
export const databaseEnvShape = {
  /** `postgres` (the default), or `memory`: rows live in this process only, lost on restart, not shared. */
  STORAGE: z.enum(['postgres', 'memory'], { error: 'expected postgres or memory' }).default('postgres'),
  /** One connection string (`postgres://user:password@host:5432/db`); the PG* variables are the alternative. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// URL').optional(),
  PGHOST: optionalText,
  PGPORT: intVar({ min: 1, max: 65535, default: 5432 }),
  PGDATABASE: optionalText,
  PGUSER: optionalText,
  /** On ECS this comes from Secrets Manager as a task-definition secret, never from the image. */
  PGPASSWORD: optionalText,
  /** Connections per instance; instances × this must stay below the server's max_connections. */
  DB_POOL_MAX: intVar({ min: 1, max: 100, default: 10 }),
  /** Longest wait for a connection (opening one, or a free one from a busy pool) before a request gets 503. */
  DB_CONNECT_TIMEOUT_MS: intVar({ min: 100, max: 60_000, default: 5_000 }),
  /** Longest a statement may run; the server cancels it, and the client gives up 1 s later if the server is gone. */
  DB_STATEMENT_TIMEOUT_MS: intVar({ min: 100, max: 600_000, default: 5_000 }),
  /** `disable`; `require` (encrypted, server not verified: Aurora's CA is not in Node's store); `verify-full`. */
  DB_SSL: z.enum(['disable', 'require', 'verify-full'], { error: 'expected disable, require or verify-full' }).default('disable'),
};

/** The parsed database variables. */
export type DatabaseEnv = z.output<z.ZodObject<typeof databaseEnvShape>>;

const loginVariables = ['PGHOST', 'PGDATABASE', 'PGUSER', 'PGPASSWORD'] as const;

/**
 * Adds the database variables to an app's env schema, checked in the same pass as its own: with `STORAGE=postgres`
 * and no `DATABASE_URL`, every missing PG* variable is named in one message.
 */
export function withDatabaseEnv<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  return schema.extend(databaseEnvShape).superRefine((env, ctx) => {
    const db = env as DatabaseEnv;
    if (db.STORAGE !== 'postgres' || db.DATABASE_URL !== undefined) return;
    const missing = loginVariables.filter((name) => db[name] === undefined);
    if (missing.length === 0) return;
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE'],
      message: `postgres needs DATABASE_URL or ${loginVariables.join(', ')}; missing ${missing.join(', ')} (or set STORAGE=memory)`,
    });
  });
}

/** The database name, for messages a client may read (`database "users"`); never the host or credentials. */
export function databaseLabel(env: DatabaseEnv): string {
  const name = env.DATABASE_URL ? decodeURIComponent(new URL(env.DATABASE_URL).pathname.slice(1)) : env.PGDATABASE;
  return `database "${name || 'postgres'}"`;
}
