import { Injectable } from '@nestjs/common';
import { DiscoveryClient } from '@forum/discovery';
import { getService } from '@forum/service-catalog';
import { assertReferencesExist } from '@forum/service-kit';
import type { NewThread } from './thread';

/** The service that owns `createdBy`; it must be one the catalog says threads calls. */
const USERS = 'users';

/** Checks, through service discovery, that the user a new thread names as its author exists. */
@Injectable()
export class ThreadReferences {
  constructor(private readonly discovery: DiscoveryClient) {
    // The catalog's `calls` opens the security groups and grants discovery: a call it does not list fails on ECS.
    if (!getService('threads').calls.includes(USERS)) throw new Error(`threads calls ${USERS} but the service catalog does not list it`);
  }

  /** Resolves when the author exists; otherwise 422 naming `createdBy`, or 503/502 naming users. */
  assertExist(thread: Pick<NewThread, 'createdBy'>): Promise<void> {
    const id = thread.createdBy;
    return assertReferencesExist([
      { field: 'createdBy', id, client: this.discovery.client(USERS), path: `${getService(USERS).routePrefix}/${id}` },
    ]);
  }
}
