import type { Page, PageRequest } from '@forum/service-kit';
import type { NewUser, User, UserChanges } from './user';

/** Raised by a repository when a username is already taken (a unique index in a database). */
export class UsernameTakenError extends Error {
  override readonly name = 'UsernameTakenError';

  constructor(readonly username: string) {
    super(`username "${username}" is already taken`);
  }
}

/**
 * Where users live. An abstract class so it doubles as the injection token; a persistent implementation replaces
 * the in-memory one in `UsersModule` without touching controllers or the service.
 * Usernames are unique ignoring case; create and update reject a taken one with {@link UsernameTakenError}.
 */
export abstract class UsersRepository {
  abstract list(page: PageRequest): Promise<Page<User>>;
  abstract findById(id: number): Promise<User | undefined>;
  abstract create(user: NewUser): Promise<User>;
  /** Undefined when there is no user with that id. */
  abstract update(id: number, changes: UserChanges): Promise<User | undefined>;
  /** False when there was no user with that id. */
  abstract delete(id: number): Promise<boolean>;
}
