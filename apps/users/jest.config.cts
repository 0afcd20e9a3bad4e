module.exports = {
  displayName: 'users',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One real PostgreSQL for the run; each test file makes its own database on it.
  globalSetup: '<rootDir>/../../libs/postgres-local/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/postgres-local/src/jest/global-teardown.ts',
};
