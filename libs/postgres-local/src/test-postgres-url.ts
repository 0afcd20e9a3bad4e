/** Set by the jest global setup (`src/jest/global-setup.ts`): a superuser URL of the run's PostgreSQL. */
export const TEST_POSTGRES_URL = 'FORUM_TEST_POSTGRES_URL';
