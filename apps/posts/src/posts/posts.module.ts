import { Module } from '@nestjs/common';
import { DatabaseModule, seedEmptyTable, ServiceDatabase } from '@forum/database';
import { DiscoveryModule } from '@forum/discovery';
import type { Kysely } from 'kysely';
import { InMemoryPostsRepository } from './in-memory-posts.repository';
import { postsMigrations } from './migrations';
import { PostReferences } from './post-references';
import { PostgresPostsRepository } from './postgres-posts.repository';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { seedPosts } from './posts.seed';
import { PostsService } from './posts.service';
import { type PostsTables, toPostRow } from './posts.tables';

/** The posts domain: PostgreSQL storage (process memory with STORAGE=memory); users and threads are found through discovery. */
@Module({
  imports: [
    DiscoveryModule.forService(),
    DatabaseModule.forService({
      migrations: postsMigrations,
      seed: (db) => seedEmptyTable(db, 'posts', seedPosts.map(toPostRow)),
    }),
  ],
  controllers: [PostsController],
  providers: [
    PostsService,
    PostReferences,
    {
      provide: PostsRepository,
      inject: [ServiceDatabase],
      useFactory: ({ kysely, seedData }: ServiceDatabase) =>
        kysely ? new PostgresPostsRepository(kysely as Kysely<PostsTables>) : new InMemoryPostsRepository(seedData ? seedPosts : []),
    },
  ],
})
export class PostsModule {}
