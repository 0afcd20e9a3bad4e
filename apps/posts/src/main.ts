import { getService } from '@forum/service-catalog';
import { bootstrapService } from '@forum/service-kit';
import { loadConfig } from './config';
import { PostsModule } from './posts/posts.module';

void bootstrapService({ name: getService('posts').name, module: PostsModule, loadConfig });
