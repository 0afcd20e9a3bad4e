import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@forum/discovery';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { PostsConfig } from '../config';
import { InMemoryPostsRepository } from './in-memory-posts.repository';
import { PostReferences } from './post-references';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { seedPosts } from './posts.seed';
import { PostsService } from './posts.service';

/** The posts domain; swap the repository provider here to change storage, the discovery client to change how users and threads are found. */
@Module({
  imports: [DiscoveryModule.forService()],
  controllers: [PostsController],
  providers: [
    PostsService,
    PostReferences,
    {
      provide: PostsRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: PostsConfig) => new InMemoryPostsRepository(config.SEED_DATA ? seedPosts : []),
    },
  ],
})
export class PostsModule {}
