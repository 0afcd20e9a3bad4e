import { getService } from '@forum/service-catalog';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { ThreadsModule } from './threads/threads.module';

void bootstrapService({ name: getService('threads').name, module: ThreadsModule, loadConfig });
