import type { Generated, Selectable } from 'kysely';
import type { Post } from './post';

/** The posts database as Kysely sees it. */
export interface PostsTables {
  posts: {
    id: Generated<number>;
    thread_id: number;
    user_id: number;
    text: string;
  };
}

/** A stored row as the API shapes it. */
export function toPost(row: Selectable<PostsTables['posts']>): Post {
  return { id: row.id, thread: row.thread_id, user: row.user_id, text: row.text };
}

/** A post as a row, for inserts and seeds. */
export function toPostRow(post: Omit<Post, 'id'> & { id?: number }) {
  return { ...(post.id === undefined ? {} : { id: post.id }), thread_id: post.thread, user_id: post.user, text: post.text };
}
