import { type DynamicModule, Module } from '@nestjs/common';
import { ReadinessState, ROOT_LOGGER, SERVICE_CONFIG } from '@forum/service-kit';
import type { Logger } from 'pino';
import type { DatabaseEnv } from './config/database-env';
import { type DatabaseSchema, ServiceDatabase } from './service-database';

/**
 * Gives a kit-built service its own database: inject {@link ServiceDatabase} and hand `kysely` to the
 * PostgreSQL repository (or use the in-memory one when it is undefined, with STORAGE=memory).
 */
@Module({})
export class DatabaseModule {
  /** The database from the service's parsed config (see `withDatabaseEnv`), with the service's schema. */
  static forService(schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: ServiceDatabase,
          inject: [SERVICE_CONFIG, ReadinessState, ROOT_LOGGER],
          useFactory: (config: DatabaseEnv, readiness: ReadinessState, logger: Logger) =>
            new ServiceDatabase(config, schema, readiness, logger.child({ module: 'database' })),
        },
      ],
      exports: [ServiceDatabase],
    };
  }
}
