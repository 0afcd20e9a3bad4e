import type { Post } from './post';

/** The sample's posts (seed threads 1..3, seed users 1..4), loaded at start unless SEED_DATA=false. */
export const seedPosts: readonly Post[] = [
  { id: 1, thread: 1, user: 4, text: 'Has anyone checked on the lich recently?' },
  { id: 2, thread: 1, user: 2, text: "I'll stop by and see how he's doing tomorrow!" },
  { id: 3, thread: 2, user: 3, text: 'Come party with the candy people tomorrow!' },
  { id: 4, thread: 2, user: 2, text: 'Mathematical!' },
  { id: 5, thread: 2, user: 1, text: "I'll bring my guitar" },
  { id: 6, thread: 3, user: 1, text: 'I need a new guitar to play the most savory licks in Ooo' },
];
