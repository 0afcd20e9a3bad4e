import { createTestDatabase, type TestDatabase } from './test-database';

/** One storage a service's suites run against; see {@link useTestStorages}. */
export interface TestStorage {
  readonly name: 'memory' | 'postgres';
  /** The variables that select it, for the service's `loadConfig`; valid from `beforeAll` on. */
  env(): Readonly<Record<string, string>>;
}

/**
 * Both storages a service supports, with jest hooks that give the PostgreSQL one a database of its own for the file,
 * emptied before each test (the next app start seeds it again). Use with `describe.each(useTestStorages())`.
 */
export function useTestStorages(prefix = 'test'): TestStorage[] {
  let database: TestDatabase | undefined;
  beforeAll(async () => (database = await createTestDatabase(prefix)));
  beforeEach(async () => database?.truncate());
  afterAll(async () => database?.drop());
  return [
    { name: 'memory', env: () => ({ STORAGE: 'memory' }) },
    {
      name: 'postgres',
      env: () => {
        if (!database) throw new Error('the test database is created in beforeAll');
        return database.env;
      },
    },
  ];
}
