import { Injectable } from '@nestjs/common';
import { DiscoveryClient } from '@forum/discovery';
import { assertReferencesExist } from '@forum/service-kit';
import { routePrefixOf } from '@forum/service-catalog/manifest';
import type { NewThread } from './thread';
import { manifest } from '../manifest';

/** The service that owns `createdBy`; it must be one `service.json` says threads calls. */
const USERS = 'users';

/** Checks, through service discovery, that the user a new thread names as its author exists. */
@Injectable()
export class ThreadReferences {
  constructor(private readonly discovery: DiscoveryClient) {
    // The manifest's `calls` opens the security groups and grants discovery: a call it does not list fails on ECS.
    if (!manifest.calls.includes(USERS)) throw new Error(`threads calls ${USERS} but apps/threads/service.json does not list it`);
  }

  /** Resolves when the author exists; otherwise 422 naming `createdBy`, or 503/502 naming users. */
  assertExist(thread: Pick<NewThread, 'createdBy'>): Promise<void> {
    const id = thread.createdBy;
    return assertReferencesExist([
      { field: 'createdBy', id, client: this.discovery.client(USERS), path: `${routePrefixOf(USERS)}/${id}` },
    ]);
  }
}
