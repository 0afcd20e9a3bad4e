// Must stay the first import: see instrument.ts.
import { tracing } from './instrument';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { UsersModule } from './users/users.module';
import { manifest } from './manifest';

void bootstrapService({ name: manifest.name, http: manifest.http, module: UsersModule, loadConfig, tracing });
