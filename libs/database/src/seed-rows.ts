import { type Kysely, sql } from 'kysely';

/**
 * Inserts `rows`, ids included, into an empty `table` and moves its identity sequence past them. Runs under a
 * transaction-scoped advisory lock, so instances starting together seed once; a table with rows is left alone.
 */
export async function seedEmptyTable(db: Kysely<unknown>, table: string, rows: readonly object[]): Promise<boolean> {
  if (rows.length === 0) return false;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`seed:${table}`}))`.execute(trx);
    const { rows: existing } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(trx);
    if (existing[0]?.any) return false;
    await trx.insertInto(table as never).values(rows as never).execute();
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
    return true;
  });
}
