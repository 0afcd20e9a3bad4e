import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ReadinessState } from '../health/readiness-state';

/** How long idle connections are left alone after the drain begins, and then how often they are swept. */
export const IDLE_SWEEP_INTERVAL_MS = 250;

/** What {@link drainAndClose} needs to stop a service. */
export interface ShutdownTarget {
  readonly app: INestApplication;
  readonly server: Server;
  readonly readiness: ReadinessState;
  readonly logger: Logger;
  /** Longest wait for in-flight requests before their connections are cut. */
  readonly timeoutMs: number;
  /** Grace before idle keep-alive connections are closed, then the sweep period; {@link IDLE_SWEEP_INTERVAL_MS} when omitted. */
  readonly idleSweepMs?: number;
}

/** How the drain ended: every request finished, or the timeout cut the rest. */
export type ShutdownOutcome = 'drained' | 'timed-out';

/**
 * Stops a service the way ECS expects between SIGTERM and SIGKILL: `/ready` turns 503, the listener closes (new
 * connections are refused), requests on open connections are served with `Connection: close`, idle keep-alive
 * connections close after a short grace, and only when HTTP is quiet do Nest's shutdown hooks run, so providers
 * (a database pool, say) outlive every request.
 */
export async function drainAndClose(target: ShutdownTarget): Promise<ShutdownOutcome> {
  const { server, readiness, logger, timeoutMs } = target;
  readiness.startDraining();
  logger.info({ timeoutMs }, 'draining');
  // http.Server#close() also closes idle connections at once, and a keep-alive connection whose next request is
  // on the wire but not yet read by Node counts as idle: the client, which already sent it, would get a reset.
  // So stop listening through net.Server#close() and sweep idle connections only after a grace, then
  // periodically (a sweep may race another such request), until the last connection ends or the timeout cuts it.
  // Each sweep waits for setImmediate, which runs after the poll phase: bytes that were on the wire when the timer
  // fired are read first, even when a loaded process wakes late and its timers come due before any I/O.
  const closed = new Promise<ShutdownOutcome>((resolve) => NetServer.prototype.close.call(server, () => resolve('drained')));
  const sweepMs = Math.max(1, Math.min(target.idleSweepMs ?? IDLE_SWEEP_INTERVAL_MS, Math.floor(timeoutMs / 2)));
  const sweeper = setInterval(() => setImmediate(() => server.closeIdleConnections()), sweepMs);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const outcome = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  clearInterval(sweeper);
  if (outcome === 'timed-out') {
    logger.warn({ timeoutMs }, 'shutdown timeout reached: closing remaining connections');
    server.closeAllConnections();
  }
  await target.app.close();
  logger.info({ outcome }, 'stopped');
  return outcome;
}
