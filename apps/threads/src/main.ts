// Must stay the first import: see instrument.ts.
import { tracing } from './instrument';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { ThreadsModule } from './threads/threads.module';
import { manifest } from './manifest';

void bootstrapService({ name: manifest.name, http: manifest.http, module: ThreadsModule, loadConfig, tracing });
