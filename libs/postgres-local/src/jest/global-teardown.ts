import { rm } from 'node:fs/promises';
import type { LocalPostgres } from '../local-postgres';

/** Jest globalTeardown: stops the run's PostgreSQL and removes its files. */
export default async function stopTestPostgres(): Promise<void> {
  const started = (globalThis as { forumTestPostgres?: { server: LocalPostgres; dir: string } }).forumTestPostgres;
  if (!started) return;
  await started.server.stop();
  await rm(started.dir, { recursive: true, force: true });
}
