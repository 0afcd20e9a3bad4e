import type { User } from './user';

/** The sample's forum members, loaded at start unless SEED_DATA=false. */
export const seedUsers: readonly User[] = [
  { id: 1, username: 'marceline', name: 'Marceline Abadeer', bio: '1000 year old vampire queen, musician' },
  { id: 2, username: 'finn', name: "Finn 'the Human' Mertens", bio: 'Adventurer and helper of the Candy Kingdom' },
  { id: 3, username: 'pb', name: 'Bonnibel Bubblegum', bio: 'Scientist, bearer of candy power, ruler of the Candy Kingdom' },
  { id: 4, username: 'jake', name: 'Jake the Dog', bio: 'Former criminal, now a magical dog adventurer' },
];
