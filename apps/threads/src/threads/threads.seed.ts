import type { Thread } from './thread';

/** The sample's threads (authors are seed users 1..4), loaded at start unless SEED_DATA=false. */
export const seedThreads: readonly Thread[] = [
  { id: 1, title: "What's up with the Lich?", createdBy: 4 },
  { id: 2, title: 'Party at the candy kingdom tomorrow', createdBy: 3 },
  { id: 3, title: 'In search of a new guitar', createdBy: 1 },
];
