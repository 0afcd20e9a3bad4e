import type { Page, PageRequest } from '@forum/service-kit';
import type { NewThread, Thread, ThreadChanges } from './thread';

/**
 * Where threads live. An abstract class so it doubles as the injection token; a persistent implementation replaces
 * the in-memory one in `ThreadsModule` without touching controllers or the service.
 */
export abstract class ThreadsRepository {
  abstract list(page: PageRequest): Promise<Page<Thread>>;
  abstract findById(id: number): Promise<Thread | undefined>;
  abstract create(thread: NewThread): Promise<Thread>;
  /** Undefined when there is no thread with that id. */
  abstract update(id: number, changes: ThreadChanges): Promise<Thread | undefined>;
  /** False when there was no thread with that id. */
  abstract delete(id: number): Promise<boolean>;
}
