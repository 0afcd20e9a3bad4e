/** Longest thread title accepted. */
export const TITLE_MAX = 200;
