import type { Generated } from 'kysely';

/** The users database as Kysely sees it. */
export interface UsersTables {
  users: {
    id: Generated<number>;
    username: string;
    name: string;
    bio: string;
  };
}
