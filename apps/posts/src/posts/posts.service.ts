import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page, PageRequest } from '@forum/service-kit';
import type { NewPost, Post, PostChanges, PostFilter } from './post';
import { PostReferences } from './post-references';
import { PostsRepository } from './posts.repository';

/** The posts use cases. A new post's thread and user must exist in the threads and users services. */
@Injectable()
export class PostsService {
  constructor(
    private readonly repository: PostsRepository,
    private readonly references: PostReferences,
  ) {}

  list(page: PageRequest, filter?: PostFilter): Promise<Page<Post>> {
    return this.repository.list(page, filter);
  }

  async get(id: number): Promise<Post> {
    return (await this.repository.findById(id)) ?? notFound(id);
  }

  async create(post: NewPost): Promise<Post> {
    await this.references.assertExist(post);
    return this.repository.create(post);
  }

  async update(id: number, changes: PostChanges): Promise<Post> {
    return (await this.repository.update(id, changes)) ?? notFound(id);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(id))) notFound(id);
  }
}

function notFound(id: number): never {
  throw new NotFoundException(`post ${id} not found`);
}
