import { InMemoryTable, type Page, type PageRequest } from '@forum/service-kit';
import type { NewUser, User, UserChanges } from './user';
import { UsernameTakenError, UsersRepository } from './users.repository';

/** Users in process memory: lost on restart, not shared between tasks. */
export class InMemoryUsersRepository extends UsersRepository {
  private readonly table: InMemoryTable<User>;

  constructor(seed: readonly User[] = []) {
    super();
    this.table = new InMemoryTable(seed);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    return this.table.page(page);
  }

  async findById(id: number): Promise<User | undefined> {
    return this.table.get(id);
  }

  async create(user: NewUser): Promise<User> {
    this.assertUsernameFree(user.username);
    return this.table.insert(user);
  }

  async update(id: number, changes: UserChanges): Promise<User | undefined> {
    if (!this.table.get(id)) return undefined;
    if (changes.username !== undefined) this.assertUsernameFree(changes.username, id);
    return this.table.update(id, changes);
  }

  async delete(id: number): Promise<boolean> {
    return this.table.delete(id);
  }

  // Check and write happen in one synchronous step, so two concurrent creates cannot both pass the check.
  private assertUsernameFree(username: string, exceptId?: number): void {
    const wanted = username.toLowerCase();
    const holder = this.table.find((u) => u.username.toLowerCase() === wanted);
    if (holder && holder.id !== exceptId) throw new UsernameTakenError(username);
  }
}
