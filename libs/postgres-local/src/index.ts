export * from './local-postgres';
export * from './service-database';
