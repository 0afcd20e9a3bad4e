import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ReadinessState } from '../health/readiness-state';

/** What {@link drainAndClose} needs to stop a service. */
export interface ShutdownTarget {
  readonly app: INestApplication;
  readonly server: Server;
  readonly readiness: ReadinessState;
  readonly logger: Logger;
  /** Longest wait for in-flight requests before their connections are cut. */
  readonly timeoutMs: number;
}

/** How the drain ended: every request finished, or the timeout cut the rest. */
export type ShutdownOutcome = 'drained' | 'timed-out';

/**
 * Stops a service the way ECS expects between SIGTERM and SIGKILL: `/ready` turns 503, the listener closes (new
 * connections are refused), idle keep-alive sockets close, in-flight requests finish (each then closes its socket),
 * and only when HTTP is quiet do Nest's shutdown hooks run, so providers (a database pool, say) outlive every request.
 */
export async function drainAndClose(target: ShutdownTarget): Promise<ShutdownOutcome> {
  const { server, readiness, logger, timeoutMs } = target;
  readiness.startDraining();
  logger.info({ timeoutMs }, 'draining');
  const closed = new Promise<ShutdownOutcome>((resolve) => server.close(() => resolve('drained')));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const outcome = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timed-out') {
    logger.warn({ timeoutMs }, 'shutdown timeout reached: closing remaining connections');
    server.closeAllConnections();
  }
  await target.app.close();
  logger.info({ outcome }, 'stopped');
  return outcome;
}
