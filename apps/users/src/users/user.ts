/** A forum member, as the original sample served it. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly name: string;
  readonly bio: string;
}

/** The fields a client supplies to create a user. */
export type NewUser = Omit<User, 'id'>;

/** The fields a client may change. */
export type UserChanges = Partial<NewUser>;
