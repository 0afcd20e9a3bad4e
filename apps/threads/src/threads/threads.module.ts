import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { ThreadsConfig } from '../config';
import { discoveryClientProvider } from './discovery-client.provider';
import { InMemoryThreadsRepository } from './in-memory-threads.repository';
import { ThreadReferences } from './thread-references';
import { ThreadsController } from './threads.controller';
import { ThreadsRepository } from './threads.repository';
import { seedThreads } from './threads.seed';
import { ThreadsService } from './threads.service';

/** The threads domain; swap the repository provider here to change storage, the discovery client to change how users are found. */
@Module({
  controllers: [ThreadsController],
  providers: [
    ThreadsService,
    ThreadReferences,
    discoveryClientProvider,
    {
      provide: ThreadsRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ThreadsConfig) => new InMemoryThreadsRepository(config.SEED_DATA ? seedThreads : []),
    },
  ],
})
export class ThreadsModule {}
