import { DependencyUnavailableError } from '@forum/service-kit';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { outageReason } from './database-failure';
import type { DatabaseHealth } from './database-health';

/** What {@link guardPool} needs besides the pg pool. */
export interface PoolGuard {
  /** `database "users"`: what a 503 names. */
  readonly label: string;
  readonly health: DatabaseHealth;
  /** Undefined when requests may run; otherwise why not yet (`starting: migrations pending`). */
  readonly notReady: () => string | undefined;
}

/**
 * The pg pool as Kysely sees it, with every outage (refused, reset, timed out, server shutting down) turned into a
 * {@link DependencyUnavailableError}, which the service kit answers with 503 naming the database. A connection that
 * failed that way is destroyed rather than returned to the pool, so a dead socket is never handed out again.
 */
export function guardPool(pool: Pool, guard: PoolGuard): PostgresPool {
  const fail = (error: unknown): never => {
    const reason = outageReason(error);
    if (reason === undefined) throw error;
    guard.health.failed(reason, error);
    throw new DependencyUnavailableError(guard.label, reason, { cause: error });
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const notReady = guard.notReady();
      if (notReady !== undefined) throw new DependencyUnavailableError(guard.label, notReady);
      const client = await pool.connect().catch(fail);
      return guardClient(client, guard.health, fail);
    },
    end: () => pool.end(),
  };
}

function guardClient(client: PoolClient, health: DatabaseHealth, fail: (error: unknown) => never): PostgresPoolClient {
  let broken: unknown;
  // pg's pool listens for errors only on idle clients; one emitted while this client is checked out (the server died
  // between two queries) would otherwise be an unhandled 'error' event and end the process.
  const onError = (error: Error) => {
    broken = error;
    health.failed(outageReason(error) ?? 'connection failed', error);
  };
  client.on('error', onError);
  return {
    async query(...args: unknown[]) {
      try {
        const result = await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
        health.succeeded();
        return result;
      } catch (error) {
        if (outageReason(error) !== undefined) broken = error;
        return fail(error);
      }
    },
    release: (destroy?: boolean) => {
      client.off('error', onError);
      client.release((broken as Error | undefined) ?? destroy);
    },
  } as PostgresPoolClient;
}
