export * from './testing/test-database';
export * from './testing/test-storages';
