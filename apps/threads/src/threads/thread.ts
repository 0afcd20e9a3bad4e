/** A discussion thread, as the original sample served it. */
export interface Thread {
  readonly id: number;
  readonly title: string;
  /** Id of the user who opened the thread (a users-service id). */
  readonly createdBy: number;
}

/** The fields a client supplies to create a thread. */
export type NewThread = Omit<Thread, 'id'>;

/** The fields a client may change; the author is fixed. */
export type ThreadChanges = Partial<Pick<Thread, 'title'>>;
