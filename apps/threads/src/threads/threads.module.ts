import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@forum/discovery';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { ThreadsConfig } from '../config';
import { InMemoryThreadsRepository } from './in-memory-threads.repository';
import { ThreadReferences } from './thread-references';
import { ThreadsController } from './threads.controller';
import { ThreadsRepository } from './threads.repository';
import { seedThreads } from './threads.seed';
import { ThreadsService } from './threads.service';

/** The threads domain; swap the repository provider here to change storage, the discovery client to change how users are found. */
@Module({
  imports: [DiscoveryModule.forService()],
  controllers: [ThreadsController],
  providers: [
    ThreadsService,
    ThreadReferences,
    {
      provide: ThreadsRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ThreadsConfig) => new InMemoryThreadsRepository(config.SEED_DATA ? seedThreads : []),
    },
  ],
})
export class ThreadsModule {}
