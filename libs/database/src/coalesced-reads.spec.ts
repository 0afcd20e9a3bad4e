import { coalescedReads, MAX_READS_PER_QUERY } from './coalesced-reads';

interface Row {
  id: number;
  name: string;
}

const ROWS: Row[] = [
  { id: 1, name: 'one' },
  { id: 2, name: 'two' },
  { id: 3, name: 'three' },
];

/** A read of one row by id over a fake table, recording the keys of every query it sends. */
function readsOverTable(fail?: Error) {
  const queries: number[][] = [];
  const read = coalescedReads<number, Row>(async (ids) => {
    queries.push(ids);
    if (fail) throw fail;
    return ROWS.filter((row) => ids.includes(row.id));
  }, (row) => row.id);
  return { read, queries };
}

const nextRound = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescedReads', () => {
  it('sends the reads of one round as one query for their distinct keys, and gives each read its own row', async () => {
    const { read, queries } = readsOverTable();
    const results = await Promise.all([read(2), read(1), read(2), read(9)]);
    expect(results).toEqual([ROWS[1], ROWS[0], ROWS[1], undefined]);
    expect(queries).toEqual([[2, 1, 9]]);
  });

  it('coalesces reads asked for by separate callbacks of the same round, as requests on different sockets are', async () => {
    const { read, queries } = readsOverTable();
    const results = await new Promise<(Row | undefined)[]>((resolve) => {
      const pending: Promise<Row | undefined>[] = [];
      setImmediate(() => pending.push(read(1)));
      setImmediate(() => pending.push(read(3)));
      setImmediate(() => void Promise.all(pending).then(resolve));
    });
    expect(results).toEqual([ROWS[0], ROWS[2]]);
    expect(queries).toEqual([[1, 3]]);
  });

  it('sends a read asked for in a later round in a query of its own, seeing rows written since', async () => {
    const { read, queries } = readsOverTable();
    expect(await read(1)).toEqual(ROWS[0]);
    await nextRound();
    ROWS.push({ id: 4, name: 'four' });
    try {
      expect(await read(4)).toEqual({ id: 4, name: 'four' });
    } finally {
      ROWS.pop();
    }
    expect(queries).toEqual([[1], [4]]);
  });

  it('fails every read of a query that failed, with its error', async () => {
    const outage = new Error('connection refused');
    const { read, queries } = readsOverTable(outage);
    const results = await Promise.allSettled([read(1), read(2)]);
    expect(results).toEqual([
      { status: 'rejected', reason: outage },
      { status: 'rejected', reason: outage },
    ]);
    expect(queries).toHaveLength(1);
  });

  it(`splits a round of more than ${MAX_READS_PER_QUERY} reads into queries of at most that many`, async () => {
    const { read, queries } = readsOverTable();
    const ids = Array.from({ length: MAX_READS_PER_QUERY + 10 }, (_, i) => i + 1);
    const results = await Promise.all(ids.map((id) => read(id)));
    expect(results.filter(Boolean)).toHaveLength(ROWS.length);
    expect(queries.map((keys) => keys.length)).toEqual([MAX_READS_PER_QUERY, 10]);
  });
});
