import { InMemoryTable, type Page, type PageRequest } from '@forum/service-kit';
import type { NewPost, Post, PostChanges, PostFilter } from './post';
import { PostsRepository } from './posts.repository';

/** Posts in process memory: lost on restart, not shared between tasks. */
export class InMemoryPostsRepository extends PostsRepository {
  private readonly table: InMemoryTable<Post>;

  constructor(seed: readonly Post[] = []) {
    super();
    this.table = new InMemoryTable(seed);
  }

  async list(page: PageRequest, filter?: PostFilter): Promise<Page<Post>> {
    if (filter && 'thread' in filter) return this.table.page(page, (p) => p.thread === filter.thread);
    if (filter && 'user' in filter) return this.table.page(page, (p) => p.user === filter.user);
    return this.table.page(page);
  }

  async findById(id: number): Promise<Post | undefined> {
    return this.table.get(id);
  }

  async create(post: NewPost): Promise<Post> {
    return this.table.insert(post);
  }

  async update(id: number, changes: PostChanges): Promise<Post | undefined> {
    return this.table.update(id, changes);
  }

  async delete(id: number): Promise<boolean> {
    return this.table.delete(id);
  }
}
