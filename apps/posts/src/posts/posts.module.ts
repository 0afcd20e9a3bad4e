import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { PostsConfig } from '../config';
import { discoveryClientProvider } from './discovery-client.provider';
import { InMemoryPostsRepository } from './in-memory-posts.repository';
import { PostReferences } from './post-references';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { seedPosts } from './posts.seed';
import { PostsService } from './posts.service';

/** The posts domain; swap the repository provider here to change storage, the discovery client to change how users and threads are found. */
@Module({
  controllers: [PostsController],
  providers: [
    PostsService,
    PostReferences,
    discoveryClientProvider,
    {
      provide: PostsRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: PostsConfig) => new InMemoryPostsRepository(config.SEED_DATA ? seedPosts : []),
    },
  ],
})
export class PostsModule {}
