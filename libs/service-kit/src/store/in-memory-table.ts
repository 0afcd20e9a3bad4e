import { Page, type PageRequest } from '../http/page';

/** A row with the numeric id every service's entities carry. */
export interface Row {
  readonly id: number;
}

/**
 * Rows kept in id order with a monotonic id sequence: the storage under each service's in-memory repository.
 * Synchronous on purpose, so a read-check-write (a uniqueness check, say) cannot interleave with another request.
 */
export class InMemoryTable<T extends Row> {
  private readonly rows = new Map<number, T>();
  private lastId = 0;

  /** Loads seed rows, keeping their ids; new rows get ids after the largest one. */
  constructor(seed: readonly T[] = []) {
    for (const row of seed) this.put(row);
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  /** The first row matching `predicate`, in id order. */
  find(predicate: (row: T) => boolean): T | undefined {
    for (const row of this.rows.values()) if (predicate(row)) return row;
    return undefined;
  }

  /** One page of the rows matching `predicate` (all rows when omitted), in id order. */
  page(request: PageRequest, predicate?: (row: T) => boolean): Page<T> {
    const all = [...this.rows.values()];
    return Page.slice(predicate ? all.filter(predicate) : all, request);
  }

  /** Stores a new row under the next id. */
  insert(fields: Omit<T, 'id'>): T {
    return this.put({ ...fields, id: this.lastId + 1 } as T);
  }

  /** Replaces the fields of an existing row; undefined when there is none. */
  update(id: number, fields: Partial<Omit<T, 'id'>>): T | undefined {
    const current = this.rows.get(id);
    if (!current) return undefined;
    const next = { ...current, ...definedOnly(fields), id } as T;
    this.rows.set(id, Object.freeze(next));
    return next;
  }

  /** Removes a row; false when there was none. */
  delete(id: number): boolean {
    return this.rows.delete(id);
  }

  private put(row: T): T {
    const frozen = Object.freeze({ ...row });
    // Map keeps insertion order; ids only grow, so iteration order is id order.
    this.rows.set(row.id, frozen);
    this.lastId = Math.max(this.lastId, row.id);
    return frozen;
  }
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
