import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page, PageRequest } from '@forum/service-kit';
import type { NewThread, Thread, ThreadChanges } from './thread';
import { ThreadReferences } from './thread-references';
import { ThreadsRepository } from './threads.repository';

/** The threads use cases. A new thread's `createdBy` must exist in the users service. */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly repository: ThreadsRepository,
    private readonly references: ThreadReferences,
  ) {}

  list(page: PageRequest): Promise<Page<Thread>> {
    return this.repository.list(page);
  }

  async get(id: number): Promise<Thread> {
    return (await this.repository.findById(id)) ?? notFound(id);
  }

  async create(thread: NewThread): Promise<Thread> {
    await this.references.assertExist(thread);
    return this.repository.create(thread);
  }

  async update(id: number, changes: ThreadChanges): Promise<Thread> {
    return (await this.repository.update(id, changes)) ?? notFound(id);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(id))) notFound(id);
  }
}

function notFound(id: number): never {
  throw new NotFoundException(`thread ${id} not found`);
}
