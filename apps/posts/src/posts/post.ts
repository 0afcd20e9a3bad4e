/** A post in a thread, as the original sample served it plus its own `id`. */
export interface Post {
  readonly id: number;
  /** Id of the thread it belongs to (a threads-service id). */
  readonly thread: number;
  /** Id of the author (a users-service id). */
  readonly user: number;
  readonly text: string;
}

/** The fields a client supplies to create a post. */
export type NewPost = Omit<Post, 'id'>;

/** The fields a client may change; thread and author are fixed. */
export type PostChanges = Partial<Pick<Post, 'text'>>;

/** Narrows a list to one thread or one author. */
export type PostFilter = { readonly thread: number } | { readonly user: number } | undefined;
