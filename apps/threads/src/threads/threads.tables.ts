import type { Generated, Selectable } from 'kysely';
import type { Thread } from './thread';

/** The threads database as Kysely sees it. */
export interface ThreadsTables {
  threads: {
    id: Generated<number>;
    title: string;
    created_by: number;
  };
}

/** A stored row as the API shapes it. */
export function toThread(row: Selectable<ThreadsTables['threads']>): Thread {
  return { id: row.id, title: row.title, createdBy: row.created_by };
}

/** A thread as a row, for inserts and seeds. */
export function toThreadRow(thread: Omit<Thread, 'id'> & { id?: number }) {
  return { ...(thread.id === undefined ? {} : { id: thread.id }), title: thread.title, created_by: thread.createdBy };
}
