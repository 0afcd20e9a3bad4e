import type { Page, PageRequest } from '@forum/service-kit';
import type { NewPost, Post, PostChanges, PostFilter } from './post';

/**
 * Where posts live. An abstract class so it doubles as the injection token; a persistent implementation replaces
 * the in-memory one in `PostsModule` without touching controllers or the service.
 */
export abstract class PostsRepository {
  /** Posts in id order, all of them or those of one thread or one author. */
  abstract list(page: PageRequest, filter?: PostFilter): Promise<Page<Post>>;
  abstract findById(id: number): Promise<Post | undefined>;
  abstract create(post: NewPost): Promise<Post>;
  /** Undefined when there is no post with that id. */
  abstract update(id: number, changes: PostChanges): Promise<Post | undefined>;
  /** False when there was no post with that id. */
  abstract delete(id: number): Promise<boolean>;
}
