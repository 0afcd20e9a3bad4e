import { Module } from '@nestjs/common';
import { DatabaseModule, seedEmptyTable, ServiceDatabase } from '@forum/database';
import { DiscoveryModule } from '@forum/discovery';
import type { Kysely } from 'kysely';
import { InMemoryThreadsRepository } from './in-memory-threads.repository';
import { threadsMigrations } from './migrations';
import { PostgresThreadsRepository } from './postgres-threads.repository';
import { ThreadReferences } from './thread-references';
import { ThreadsController } from './threads.controller';
import { ThreadsRepository } from './threads.repository';
import { seedThreads } from './threads.seed';
import { ThreadsService } from './threads.service';
import { type ThreadsTables, toThreadRow } from './threads.tables';

/** The threads domain: PostgreSQL storage (process memory with STORAGE=memory); users are found through discovery. */
@Module({
  imports: [
    DiscoveryModule.forService(),
    DatabaseModule.forService({
      migrations: threadsMigrations,
      seed: (db) => seedEmptyTable(db, 'threads', seedThreads.map(toThreadRow)),
    }),
  ],
  controllers: [ThreadsController],
  providers: [
    ThreadsService,
    ThreadReferences,
    {
      provide: ThreadsRepository,
      inject: [ServiceDatabase],
      useFactory: ({ kysely, seedData }: ServiceDatabase) =>
        kysely
          ? new PostgresThreadsRepository(kysely as Kysely<ThreadsTables>)
          : new InMemoryThreadsRepository(seedData ? seedThreads : []),
    },
  ],
})
export class ThreadsModule {}
