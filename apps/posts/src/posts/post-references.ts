import { Injectable } from '@nestjs/common';
import { DiscoveryClient } from '@forum/discovery';
import { assertReferencesExist } from '@forum/service-kit';
import { routePrefixOf } from '@forum/service-catalog/manifest';
import type { NewPost } from './post';
import { manifest } from '../manifest';

/** Which service owns each id a post refers to; each must be one `service.json` says posts calls. */
const owners = { user: 'users', thread: 'threads' } as const;

/** Checks, through service discovery, that the user and the thread a new post names exist. */
@Injectable()
export class PostReferences {
  constructor(private readonly discovery: DiscoveryClient) {
    const calls = manifest.calls;
    const undeclared = Object.values(owners).filter((service) => !calls.includes(service));
    // The manifest's `calls` opens the security groups and grants discovery: a call it does not list fails on ECS.
    if (undeclared.length > 0) throw new Error(`posts calls ${undeclared.join(', ')} but apps/posts/service.json does not list it`);
  }

  /** Resolves when both exist; otherwise 422 naming the missing ones, or 503/502 naming an unreachable service. */
  assertExist(post: Pick<NewPost, 'user' | 'thread'>): Promise<void> {
    return assertReferencesExist(
      (Object.keys(owners) as (keyof typeof owners)[]).map((field) => {
        const service = owners[field];
        const id = post[field];
        return { field, id, client: this.discovery.client(service), path: `${routePrefixOf(service)}/${id}` };
      }),
    );
  }
}
