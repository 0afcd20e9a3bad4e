import { type Kysely, type Migration, Migrator } from 'kysely';

/** A service's migrations by name; names sort in the order they apply (`0001-create-users`, ...). */
export type MigrationSet = Readonly<Record<string, Migration>>;

/**
 * Applies pending migrations, forward only. Kysely's migrator takes a PostgreSQL advisory lock, so instances
 * starting together apply each migration once. Migrations are imported, not read from a folder: the bundle is one
 * file. Returns the names applied now.
 */
export async function runMigrations(db: Kysely<unknown>, migrations: MigrationSet): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(setup)'} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
