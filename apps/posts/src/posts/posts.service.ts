import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page, PageRequest } from '@forum/service-kit';
import type { NewPost, Post, PostChanges, PostFilter } from './post';
import { PostsRepository } from './posts.repository';

/**
 * The posts use cases. Creation goes through here so checks that the thread and the user exist
 * (calls to the threads and users services) can be added without touching the controller.
 */
@Injectable()
export class PostsService {
  constructor(private readonly repository: PostsRepository) {}

  list(page: PageRequest, filter?: PostFilter): Promise<Page<Post>> {
    return this.repository.list(page, filter);
  }

  async get(id: number): Promise<Post> {
    return (await this.repository.findById(id)) ?? notFound(id);
  }

  create(post: NewPost): Promise<Post> {
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
