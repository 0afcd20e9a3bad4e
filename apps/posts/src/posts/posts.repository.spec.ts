import { useMigratedTestDatabase } from '@forum/database/testing';
import { InMemoryPostsRepository } from './in-memory-posts.repository';
import { postsMigrations } from './migrations';
import { PostgresPostsRepository } from './postgres-posts.repository';
import type { PostsRepository } from './posts.repository';
import type { PostsTables } from './posts.tables';

/** What every posts repository promises; `create` gives an empty one. */
function describePostsRepositoryContract(create: () => Promise<PostsRepository>): void {
  let repo: PostsRepository;
  beforeEach(async () => {
    repo = await create();
    for (const [thread, user] of [[1, 1], [2, 1], [1, 2], [1, 1]]) await repo.create({ thread, user, text: `t${thread} u${user}` });
  });

  it('lists all posts, those in a thread, and those by a user, each in id order with its own total', async () => {
    expect((await repo.list({ limit: 10, offset: 0 })).total).toBe(4);
    const inThread = await repo.list({ limit: 2, offset: 1 }, { thread: 1 });
    expect(inThread.items.map((p) => p.id)).toEqual([3, 4]);
    expect(inThread.total).toBe(3);
    const byUser = await repo.list({ limit: 10, offset: 0 }, { user: 1 });
    expect(byUser.items.map((p) => p.id)).toEqual([1, 2, 4]);
    expect((await repo.list({ limit: 10, offset: 0 }, { user: 9 })).items).toEqual([]);
  });

  it('returns posts in the API shape, updates the text only, and deletes', async () => {
    expect(await repo.findById(3)).toEqual({ id: 3, thread: 1, user: 2, text: 't1 u2' });
    expect(await repo.update(3, { text: 'edited' })).toEqual({ id: 3, thread: 1, user: 2, text: 'edited' });
    expect(await repo.update(99, { text: 'x' })).toBeUndefined();
    expect(await repo.delete(3)).toBe(true);
    expect(await repo.delete(3)).toBe(false);
    expect((await repo.create({ thread: 5, user: 5, text: 'new' })).id).toBe(5);
  });
}

describe('InMemoryPostsRepository', () => {
  describePostsRepositoryContract(async () => new InMemoryPostsRepository());
});

describe('PostgresPostsRepository', () => {
  const db = useMigratedTestDatabase<PostsTables>('posts', postsMigrations);
  describePostsRepositoryContract(async () => new PostgresPostsRepository(db()));
});
