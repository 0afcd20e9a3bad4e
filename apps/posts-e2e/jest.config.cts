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
};
