import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { ThreadsConfig } from '../config';
import { InMemoryThreadsRepository } from './in-memory-threads.repository';
import { ThreadsController } from './threads.controller';
import { ThreadsRepository } from './threads.repository';
import { seedThreads } from './threads.seed';
import { ThreadsService } from './threads.service';

/** The threads domain; swap the repository provider here to change storage. */
@Module({
  controllers: [ThreadsController],
  providers: [
    ThreadsService,
    {
      provide: ThreadsRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ThreadsConfig) => new InMemoryThreadsRepository(config.SEED_DATA ? seedThreads : []),
    },
  ],
})
export class ThreadsModule {}
