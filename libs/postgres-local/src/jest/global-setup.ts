import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalPostgres } from '../local-postgres';
import { TEST_POSTGRES_URL } from '../test-postgres-url';

/**
 * Jest globalSetup: one throw-away PostgreSQL for the whole run; test workers inherit its superuser URL through the
 * environment and make a database per file. Imports stay relative: globalSetup runs outside jest's path mapping.
 */
export default async function startTestPostgres(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'forum-test-postgres-'));
  const server = await LocalPostgres.start({ dir, ephemeral: true });
  process.env[TEST_POSTGRES_URL] = server.superuserUrl;
  Object.assign(globalThis, { forumTestPostgres: { server, dir } });
}
