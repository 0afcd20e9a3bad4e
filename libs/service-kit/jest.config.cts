module.exports = {
  displayName: 'service-kit',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // The build plugins are plain CommonJS, loaded as Node loads them in a webpack build.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/build/.+\\.js$'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
