import { coalescedReads } from '@forum/database';
import { Page, type PageRequest } from '@forum/service-kit';
import type { Kysely } from 'kysely';
import type { NewThread, Thread, ThreadChanges } from './thread';
import { ThreadsRepository } from './threads.repository';
import { type ThreadsTables, toThread, toThreadRow } from './threads.tables';

/** Threads in the service's PostgreSQL database, shared by every instance. */
export class PostgresThreadsRepository extends ThreadsRepository {
  // The by-id reads of concurrent requests share one query and one round trip.
  private readonly readById = coalescedReads((ids: number[]) => this.db.selectFrom('threads').selectAll().where('id', 'in', ids).execute(), (row) => row.id);

  constructor(private readonly db: Kysely<ThreadsTables>) {
    super();
  }

  async list(page: PageRequest): Promise<Page<Thread>> {
    const [rows, total] = await Promise.all([
      this.db.selectFrom('threads').selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
      this.db.selectFrom('threads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return new Page(rows.map(toThread), Number(total.n));
  }

  async findById(id: number): Promise<Thread | undefined> {
    const row = await this.readById(id);
    return row && toThread(row);
  }

  async create(thread: NewThread): Promise<Thread> {
    return toThread(await this.db.insertInto('threads').values(toThreadRow(thread)).returningAll().executeTakeFirstOrThrow());
  }

  async update(id: number, changes: ThreadChanges): Promise<Thread | undefined> {
    if (changes.title === undefined) return this.findById(id);
    const row = await this.db.updateTable('threads').set({ title: changes.title }).where('id', '=', id).returningAll().executeTakeFirst();
    return row && toThread(row);
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('threads').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
