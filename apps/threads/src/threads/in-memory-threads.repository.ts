import { InMemoryTable, type Page, type PageRequest } from '@forum/service-kit';
import type { NewThread, Thread, ThreadChanges } from './thread';
import { ThreadsRepository } from './threads.repository';

/** Threads in process memory: lost on restart, not shared between tasks. */
export class InMemoryThreadsRepository extends ThreadsRepository {
  private readonly table: InMemoryTable<Thread>;

  constructor(seed: readonly Thread[] = []) {
    super();
    this.table = new InMemoryTable(seed);
  }

  async list(page: PageRequest): Promise<Page<Thread>> {
    return this.table.page(page);
  }

  async findById(id: number): Promise<Thread | undefined> {
    return this.table.get(id);
  }

  async create(thread: NewThread): Promise<Thread> {
    return this.table.insert(thread);
  }

  async update(id: number, changes: ThreadChanges): Promise<Thread | undefined> {
    return this.table.update(id, changes);
  }

  async delete(id: number): Promise<boolean> {
    return this.table.delete(id);
  }
}
