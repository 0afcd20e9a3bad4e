import { constants, PerformanceObserver } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { releaseStartMemory } from './release-start-memory';

describe('releaseStartMemory', () => {
  it('runs one full garbage collection', async () => {
    // A gc entry's detail says which kind of collection it was.
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      await releaseStartMemory();
      // The observer hears of a collection on a later turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      observer.disconnect();
    }
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });

  it('leaves --expose-gc off, so the code caches V8 checks against its flags stay valid', async () => {
    await releaseStartMemory();
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
