import { Module } from '@nestjs/common';
import { DatabaseModule, seedEmptyTable, ServiceDatabase } from '@forum/database';
import type { Kysely } from 'kysely';
import { InMemoryUsersRepository } from './in-memory-users.repository';
import { usersMigrations } from './migrations';
import { PostgresUsersRepository } from './postgres-users.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { seedUsers } from './users.seed';
import { UsersService } from './users.service';
import type { UsersTables } from './users.tables';

/** The users domain: PostgreSQL storage, or process memory with STORAGE=memory. */
@Module({
  imports: [
    DatabaseModule.forService({ migrations: usersMigrations, seed: (db) => seedEmptyTable(db, 'users', seedUsers) }),
  ],
  controllers: [UsersController],
  providers: [
    UsersService,
    {
      provide: UsersRepository,
      inject: [ServiceDatabase],
      useFactory: ({ kysely, seedData }: ServiceDatabase) =>
        kysely
          ? new PostgresUsersRepository(kysely as Kysely<UsersTables>)
          : new InMemoryUsersRepository(seedData ? seedUsers : []),
    },
  ],
})
export class UsersModule {}
