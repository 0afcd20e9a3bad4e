// Must stay the first import: see instrument.ts.
import { tracing } from './instrument';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { PostsModule } from './posts/posts.module';
import { manifest } from './manifest';

void bootstrapService({ name: manifest.name, http: manifest.http, module: PostsModule, loadConfig, tracing });
