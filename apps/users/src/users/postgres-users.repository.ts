import { coalescedReads } from '@forum/database';
import { Page, type PageRequest } from '@forum/service-kit';
import type { Kysely } from 'kysely';
import type { NewUser, User, UserChanges } from './user';
import { UsernameTakenError, UsersRepository } from './users.repository';
import type { UsersTables } from './users.tables';

const UNIQUE_VIOLATION = '23505';

/** Users in the service's PostgreSQL database, shared by every instance. */
export class PostgresUsersRepository extends UsersRepository {
  // The by-id reads of concurrent requests share one query and one round trip.
  private readonly readById = coalescedReads((ids: number[]) => this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute(), (row) => row.id);

  constructor(private readonly db: Kysely<UsersTables>) {
    super();
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const [items, total] = await Promise.all([
      this.db.selectFrom('users').selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
      this.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return new Page(items, Number(total.n));
  }

  findById(id: number): Promise<User | undefined> {
    return this.readById(id);
  }

  create(user: NewUser): Promise<User> {
    return this.db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow().catch(takenUsername(user.username));
  }

  async update(id: number, changes: UserChanges): Promise<User | undefined> {
    if (Object.values(changes).every((v) => v === undefined)) return this.findById(id);
    return this.db
      .updateTable('users')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
      .catch(takenUsername(changes.username ?? ''));
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

// The unique index on lower(username) decides, so two concurrent creates cannot both pass.
function takenUsername(username: string) {
  return (error: unknown): never => {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new UsernameTakenError(username);
    throw error;
  };
}
