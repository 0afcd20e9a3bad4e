export * from './coalesced-reads';
export * from './config/database-env';
export * from './database.module';
export * from './migrations/run-migrations';
export * from './seed-rows';
export * from './service-database';
