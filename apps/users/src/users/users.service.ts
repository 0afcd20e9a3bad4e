import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Page, PageRequest } from '@forum/service-kit';
import type { NewUser, User, UserChanges } from './user';
import { UsernameTakenError, UsersRepository } from './users.repository';

/** The users use cases; maps repository outcomes to HTTP errors so controllers stay declarative. */
@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  list(page: PageRequest): Promise<Page<User>> {
    return this.repository.list(page);
  }

  async get(id: number): Promise<User> {
    return (await this.repository.findById(id)) ?? notFound(id);
  }

  create(user: NewUser): Promise<User> {
    return this.repository.create(user).catch(conflictOnTakenUsername);
  }

  async update(id: number, changes: UserChanges): Promise<User> {
    const updated = await this.repository.update(id, changes).catch(conflictOnTakenUsername);
    return updated ?? notFound(id);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(id))) notFound(id);
  }
}

function notFound(id: number): never {
  throw new NotFoundException(`user ${id} not found`);
}

function conflictOnTakenUsername(error: unknown): never {
  if (error instanceof UsernameTakenError) throw new ConflictException(error.message);
  throw error;
}
