import { useMigratedTestDatabase } from '@forum/database/testing';
import { InMemoryThreadsRepository } from './in-memory-threads.repository';
import { threadsMigrations } from './migrations';
import { PostgresThreadsRepository } from './postgres-threads.repository';
import type { ThreadsRepository } from './threads.repository';
import type { ThreadsTables } from './threads.tables';

/** What every threads repository promises; `create` gives an empty one. */
function describeThreadsRepositoryContract(create: () => Promise<ThreadsRepository>): void {
  let repo: ThreadsRepository;
  beforeEach(async () => (repo = await create()));

  it('stores threads under increasing ids and pages them in id order with the total', async () => {
    expect(await repo.create({ title: 'one', createdBy: 4 })).toEqual({ id: 1, title: 'one', createdBy: 4 });
    await repo.create({ title: 'two', createdBy: 2 });
    await repo.create({ title: 'three', createdBy: 2 });
    const page = await repo.list({ limit: 2, offset: 1 });
    expect(page.items.map((t) => t.title)).toEqual(['two', 'three']);
    expect(page.total).toBe(3);
  });

  it('updates the title only, and deletes', async () => {
    await repo.create({ title: 'one', createdBy: 4 });
    expect(await repo.update(1, { title: 'renamed' })).toEqual({ id: 1, title: 'renamed', createdBy: 4 });
    expect(await repo.update(1, {})).toEqual({ id: 1, title: 'renamed', createdBy: 4 });
    expect(await repo.update(9, { title: 'x' })).toBeUndefined();
    expect(await repo.delete(1)).toBe(true);
    expect(await repo.delete(1)).toBe(false);
    expect(await repo.findById(1)).toBeUndefined();
  });
}

describe('InMemoryThreadsRepository', () => {
  describeThreadsRepositoryContract(async () => new InMemoryThreadsRepository());
});

describe('PostgresThreadsRepository', () => {
  const db = useMigratedTestDatabase<ThreadsTables>('threads', threadsMigrations);
  describeThreadsRepositoryContract(async () => new PostgresThreadsRepository(db()));
});
