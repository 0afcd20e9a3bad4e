import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forum/service-kit';
import type { UsersConfig } from '../config';
import { InMemoryUsersRepository } from './in-memory-users.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { seedUsers } from './users.seed';
import { UsersService } from './users.service';

/** The users domain; swap the repository provider here to change storage. */
@Module({
  controllers: [UsersController],
  providers: [
    UsersService,
    {
      provide: UsersRepository,
      inject: [SERVICE_CONFIG],
      useFactory: (config: UsersConfig) => new InMemoryUsersRepository(config.SEED_DATA ? seedUsers : []),
    },
  ],
})
export class UsersModule {}
