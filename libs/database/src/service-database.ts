import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DependencyUnavailableError, type ReadinessState } from '@forum/service-kit';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool, type PoolConfig } from 'pg';
import type { Logger } from 'pino';
import { type DatabaseEnv, databaseLabel } from './config/database-env';
import { outageReason } from './database-failure';
import { DatabaseHealth } from './database-health';
import { guardPool } from './guarded-pool';
import { type MigrationSet, runMigrations } from './migrations/run-migrations';

/** What a service hands to its database: its migrations and, optionally, sample rows for empty tables. */
export interface DatabaseSchema {
  readonly migrations: MigrationSet;
  /** Loads sample rows into empty tables (SEED_DATA=true); see `seedEmptyTable`. */
  readonly seed?: (db: Kysely<unknown>) => Promise<unknown>;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;
const READINESS_COMPONENT = 'database';

/**
 * A service's own PostgreSQL database: one pg pool, migrations applied before `/ready` answers 200, and requests
 * answered 503 naming the database while it is starting or unreachable. Start-up does not wait for the database:
 * the first attempt runs during bootstrap (so a healthy database is ready before the port opens), later attempts
 * back off in the background, so an instance whose database is down or paused keeps answering `/health` instead of
 * crash-looping. Closed after the HTTP drain, so every request finishes with its pool.
 */
export class ServiceDatabase implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Typed queries for repositories; undefined with STORAGE=memory. */
  readonly kysely: Kysely<unknown> | undefined;
  /** SEED_DATA: load sample rows into empty tables (the in-memory store starts with them too). */
  readonly seedData: boolean;
  private readonly pool: Pool | undefined;
  private readonly migrator: Kysely<unknown> | undefined;
  private readonly health: DatabaseHealth;
  private migrated = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly env: DatabaseEnv & { readonly SEED_DATA?: boolean },
    private readonly schema: DatabaseSchema,
    private readonly readiness: ReadinessState,
    private readonly logger: Logger,
  ) {
    this.health = new DatabaseHealth(logger);
    this.seedData = env.SEED_DATA === true;
    if (env.STORAGE === 'memory') {
      logger.warn('STORAGE=memory: data lives in this process only, is lost on restart and differs between instances');
      return;
    }
    this.pool = new Pool(poolConfig(env));
    // An idle client whose server went away emits here; without a listener that error would crash the process.
    this.pool.on('error', (error) => this.health.failed(outageReason(error) ?? 'idle connection failed', error));
    const label = databaseLabel(env);
    this.kysely = new Kysely({ dialect: new PostgresDialect({ pool: guardPool(this.pool, { label, health: this.health, notReady: () => this.notReady() }) }) });
    // Migrations run before requests may: the same guard, never held back by readiness.
    const migrationPool = guardPool(this.pool, { label, health: this.health, notReady: () => undefined });
    this.migrator = new Kysely({ dialect: new PostgresDialect({ pool: migrationPool }) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.pool) return;
    this.readiness.waitFor(READINESS_COMPONENT, 'migrating');
    await this.prepare(RETRY_FIRST_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.migrator?.destroy();
  }

  private notReady(): string | undefined {
    return this.migrated ? undefined : 'starting (migrations not applied yet)';
  }

  private async prepare(nextDelayMs: number): Promise<void> {
    if (this.closed || !this.migrator) return;
    try {
      const applied = await runMigrations(this.migrator, this.schema.migrations);
      if (this.seedData && this.schema.seed) await this.schema.seed(this.migrator);
      this.migrated = true;
      this.health.succeeded();
      this.readiness.ready(READINESS_COMPONENT);
      this.logger.info({ applied }, 'database ready');
    } catch (error) {
      const reason = outageInChain(error);
      // A failing migration is a bug, not an outage: retrying cannot fix it, and /ready stays 503 meanwhile.
      if (reason === undefined) {
        this.logger.fatal({ err: error }, 'database migration failed');
        this.readiness.waitFor(READINESS_COMPONENT, 'migration failed');
        return;
      }
      this.health.failed(reason, error);
      this.readiness.waitFor(READINESS_COMPONENT, `unreachable (${reason}), retrying`);
      this.retry = setTimeout(() => void this.prepare(Math.min(nextDelayMs * 2, RETRY_MAX_MS)), nextDelayMs);
    }
  }
}

/** The outage behind a failed migration, which the migrator wraps (and the guard may have wrapped before it). */
function outageInChain(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const reason = current instanceof DependencyUnavailableError ? current.reason : outageReason(current);
    if (reason !== undefined) return reason;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function poolConfig(env: DatabaseEnv): PoolConfig {
  const login = env.DATABASE_URL
    ? { connectionString: env.DATABASE_URL }
    : { host: env.PGHOST, port: env.PGPORT, database: env.PGDATABASE, user: env.PGUSER, password: env.PGPASSWORD };
  return {
    ...login,
    max: env.DB_POOL_MAX,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    // The server enforces statement_timeout; this catches a server that stopped answering altogether.
    query_timeout: env.DB_STATEMENT_TIMEOUT_MS + 1_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    ssl: env.DB_SSL === 'disable' ? false : { rejectUnauthorized: env.DB_SSL === 'verify-full' },
  };
}
