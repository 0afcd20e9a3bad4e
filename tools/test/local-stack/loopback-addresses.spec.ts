import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackAddresses } from '../../src/local-stack/loopback-addresses';

describe('loopback addresses', () => {
  let lockDir: string;
  const port = 20000 + Math.floor(Math.random() * 20000);
  beforeEach(async () => {
    lockDir = await mkdtemp(join(tmpdir(), 'loopback-locks-'));
  });
  afterEach(() => rm(lockDir, { recursive: true, force: true }));

  it('skips an address whose port is taken and never hands out one address twice', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.2', () => r()));
    try {
      const pool = new LoopbackAddresses(lockDir);
      const first = await pool.acquire(port);
      const second = await pool.acquire(port);
      expect(first).not.toBe('127.0.0.2');
      expect(second).not.toBe(first);
      pool.release(first, port);
      expect(await pool.acquire(port)).toBe(first);
    } finally {
      blocker.close();
    }
  });

  it('skips an address another live stack has claimed, and takes over a claim whose process is gone', async () => {
    // The parent process stands in for another running stack; pid 2**22 + 1 is above Linux's pid_max, so never alive.
    await writeFile(join(lockDir, `forum-local-stack-127.0.0.2-${port}.lock`), String(process.ppid));
    await writeFile(join(lockDir, `forum-local-stack-127.0.0.3-${port}.lock`), String(2 ** 22 + 1));
    const pool = new LoopbackAddresses(lockDir);
    expect(await pool.acquire(port)).toBe('127.0.0.3');
    expect(await readFile(join(lockDir, `forum-local-stack-127.0.0.3-${port}.lock`), 'utf8')).toBe(String(process.pid));
    pool.release('127.0.0.3', port);
    expect(existsSync(join(lockDir, `forum-local-stack-127.0.0.3-${port}.lock`))).toBe(false);
  });
});
