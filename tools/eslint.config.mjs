import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Command-line tools talk to a person on the terminal.
    files: ['**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
