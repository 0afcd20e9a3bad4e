import { createTestDatabase, type TestDatabase } from './test-database';

/** One storage a service's suites run against; see {@link useTestStorages}. */
export interface TestStorage {
  readonly name: 'memory' | 'postgres';
  /** The variables that select it, for the service's `loadConfig`; valid from `beforeAll` on. */
  env(): Readonly<Record<string, string>>;
  /** Empties the stored rows (the PostgreSQL tables; memory lives in each app, so nothing to do). */
  reset(): Promise<void>;
}

/**
 * A PostgreSQL database of its own for the calling test file, emptied before each test so the next service start
 * seeds it afresh, and dropped at the end. Call it at the top of a describe block; it registers the jest hooks.
 */
export function useTestDatabase(prefix = 'test'): TestStorage {
  let database: TestDatabase | undefined;
  beforeAll(async () => (database = await createTestDatabase(prefix)));
  beforeEach(async () => database?.truncate());
  afterAll(async () => database?.drop());
  return {
    name: 'postgres',
    reset: async () => database?.truncate(),
    env: () => {
      if (!database) throw new Error('the test database is created in beforeAll');
      return database.env;
    },
  };
}

/** Both storages a service supports, for `describe.each(useTestStorages())`. */
export function useTestStorages(prefix = 'test'): TestStorage[] {
  return [{ name: 'memory', env: () => ({ STORAGE: 'memory' }), reset: async () => undefined }, useTestDatabase(prefix)];
}
