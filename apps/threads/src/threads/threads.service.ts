import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page, PageRequest } from '@forum/service-kit';
import type { NewThread, Thread, ThreadChanges } from './thread';
import { ThreadsRepository } from './threads.repository';

/**
 * The threads use cases. Creation goes through here so a check that `createdBy` names an existing user
 * (a call to the users service) can be added without touching the controller.
 */
@Injectable()
export class ThreadsService {
  constructor(private readonly repository: ThreadsRepository) {}

  list(page: PageRequest): Promise<Page<Thread>> {
    return this.repository.list(page);
  }

  async get(id: number): Promise<Thread> {
    return (await this.repository.findById(id)) ?? notFound(id);
  }

  create(thread: NewThread): Promise<Thread> {
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
