export * from './local-postgres';
export * from './service-database';
export * from './test-postgres-url';
