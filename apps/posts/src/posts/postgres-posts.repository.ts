import { coalescedReads } from '@forum/database';
import { Page, type PageRequest } from '@forum/service-kit';
import type { Kysely } from 'kysely';
import type { NewPost, Post, PostChanges, PostFilter } from './post';
import { PostsRepository } from './posts.repository';
import { type PostsTables, toPost, toPostRow } from './posts.tables';

/** Posts in the service's PostgreSQL database, shared by every instance. */
export class PostgresPostsRepository extends PostsRepository {
  // The by-id reads of concurrent requests share one query and one round trip.
  private readonly readById = coalescedReads((ids: number[]) => this.db.selectFrom('posts').selectAll().where('id', 'in', ids).execute(), (row) => row.id);

  constructor(private readonly db: Kysely<PostsTables>) {
    super();
  }

  async list(page: PageRequest, filter?: PostFilter): Promise<Page<Post>> {
    let rows = this.db.selectFrom('posts');
    if (filter && 'thread' in filter) rows = rows.where('thread_id', '=', filter.thread);
    if (filter && 'user' in filter) rows = rows.where('user_id', '=', filter.user);
    const [items, total] = await Promise.all([
      rows.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
      rows.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return new Page(items.map(toPost), Number(total.n));
  }

  async findById(id: number): Promise<Post | undefined> {
    const row = await this.readById(id);
    return row && toPost(row);
  }

  async create(post: NewPost): Promise<Post> {
    return toPost(await this.db.insertInto('posts').values(toPostRow(post)).returningAll().executeTakeFirstOrThrow());
  }

  async update(id: number, changes: PostChanges): Promise<Post | undefined> {
    if (changes.text === undefined) return this.findById(id);
    const row = await this.db.updateTable('posts').set({ text: changes.text }).where('id', '=', id).returningAll().executeTakeFirst();
    return row && toPost(row);
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('posts').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
