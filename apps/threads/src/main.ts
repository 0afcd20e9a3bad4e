import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { ThreadsModule } from './threads/threads.module';
import { manifest } from './manifest';

void bootstrapService({ name: manifest.name, http: manifest.http, module: ThreadsModule, loadConfig });
