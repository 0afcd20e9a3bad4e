import DataLoader from 'dataloader';

/** The most reads one query serves; the reads past it go in another query of the same round. */
export const MAX_READS_PER_QUERY = 500;

/**
 * Reads of one row by key, coalesced: every read asked for while the event loop handles one round of I/O goes to
 * the database as a single query for their distinct keys (`readMany`); each read then gets its own row, or undefined.
 *
 * Under load a round holds the requests of many connections, so one round trip, one query plan and one pooled
 * connection serve them all instead of one each: the service spends less CPU per request and the database answers
 * fewer queries. Alone, a read waits only for the rest of its round. Nothing is cached: a read's query starts after
 * it was asked for, so it sees every write committed before then, as a query of its own would.
 */
export function coalescedReads<K, R>(readMany: (keys: K[]) => Promise<readonly R[]>, keyOf: (row: R) => K): (key: K) => Promise<R | undefined> {
  const loader = new DataLoader<K, R | undefined>(
    async (keys) => {
      const rows = await readMany([...new Set(keys)]);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key));
    },
    // setImmediate runs after the poll phase, once every request that arrived in it has asked for its row;
    // DataLoader's own schedule (after the current microtasks) would send one query per request.
    { cache: false, maxBatchSize: MAX_READS_PER_QUERY, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );
  return (key) => loader.load(key);
}
