/** Longest post text accepted. */
export const TEXT_MAX = 5000;
