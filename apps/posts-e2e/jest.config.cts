module.exports = {
  displayName: 'posts-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Starting the built service and draining it takes seconds, not milliseconds.
  testTimeout: 30000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One real PostgreSQL for the run; the service under test gets a database of its own on it.
  globalSetup: '<rootDir>/../../libs/postgres-local/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/postgres-local/src/jest/global-teardown.ts',
};
