import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { UsersModule } from './users/users.module';
import { manifest } from './manifest';

// Every post and thread creation calls users, so it runs on fastify: about half of Express's CPU per request.
void bootstrapService({ name: manifest.name, module: UsersModule, loadConfig, http: 'fastify' });
