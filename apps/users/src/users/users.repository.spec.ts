import { useMigratedTestDatabase } from '@forum/database/testing';
import { InMemoryUsersRepository } from './in-memory-users.repository';
import { usersMigrations } from './migrations';
import { PostgresUsersRepository } from './postgres-users.repository';
import { UsernameTakenError, type UsersRepository } from './users.repository';
import type { UsersTables } from './users.tables';

/**
 * What every users repository promises, run against the in-memory and the PostgreSQL implementation alike.
 * `create` gives a repository holding exactly the two rows below.
 */
function describeUsersRepositoryContract(create: () => Promise<UsersRepository>): void {
  let repo: UsersRepository;
  beforeEach(async () => {
    repo = await create();
    await repo.create({ username: 'finn', name: 'Finn', bio: '' });
    await repo.create({ username: 'jake', name: 'Jake', bio: 'dog' });
  });

  it('gives new rows increasing numeric ids and pages them in id order with the total', async () => {
    const third = await repo.create({ username: 'bmo', name: 'BMO', bio: '' });
    expect(third).toEqual({ id: 3, username: 'bmo', name: 'BMO', bio: '' });
    const page = await repo.list({ limit: 2, offset: 1 });
    expect(page.items.map((u) => u.username)).toEqual(['jake', 'bmo']);
    expect(page.total).toBe(3);
    expect((await repo.list({ limit: 10, offset: 5 })).items).toEqual([]);
  });

  it('finds, updates only the given fields, and deletes', async () => {
    expect(await repo.findById(2)).toEqual({ id: 2, username: 'jake', name: 'Jake', bio: 'dog' });
    expect(await repo.update(2, { bio: 'magic dog', name: undefined })).toEqual({ id: 2, username: 'jake', name: 'Jake', bio: 'magic dog' });
    expect(await repo.update(99, { bio: 'x' })).toBeUndefined();
    expect(await repo.delete(2)).toBe(true);
    expect(await repo.delete(2)).toBe(false);
    expect(await repo.findById(2)).toBeUndefined();
  });

  it('answers reads by id asked for together, each with its own row', async () => {
    const [finn, jake] = [{ id: 1, username: 'finn', name: 'Finn', bio: '' }, { id: 2, username: 'jake', name: 'Jake', bio: 'dog' }];
    expect(await Promise.all([repo.findById(2), repo.findById(1), repo.findById(2), repo.findById(99)])).toEqual([jake, finn, jake, undefined]);
  });

  it('keeps usernames unique without regard to case, also under concurrent creates', async () => {
    await expect(repo.create({ username: 'FINN', name: 'x', bio: '' })).rejects.toBeInstanceOf(UsernameTakenError);
    await expect(repo.update(2, { username: 'Finn' })).rejects.toBeInstanceOf(UsernameTakenError);
    expect(await repo.update(1, { username: 'FINN' })).toMatchObject({ id: 1, username: 'FINN' });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => repo.create({ username: 'Marceline', name: 'M', bio: '' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual(
      Array(4).fill(expect.any(UsernameTakenError)),
    );
  });
}

describe('InMemoryUsersRepository', () => {
  describeUsersRepositoryContract(async () => new InMemoryUsersRepository());
});

describe('PostgresUsersRepository', () => {
  const db = useMigratedTestDatabase<UsersTables>('users', usersMigrations);
  describeUsersRepositoryContract(async () => new PostgresUsersRepository(db()));
});
