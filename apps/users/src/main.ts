import { getService } from '@forum/service-catalog';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { UsersModule } from './users/users.module';

void bootstrapService({ name: getService('users').name, module: UsersModule, loadConfig });
