import { createServer } from 'node:net';
import { LoopbackAddresses } from '../../src/local-stack/loopback-addresses';

describe('loopback addresses', () => {
  it('skips an address whose port is taken and never hands out one address twice', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.2', () => r()));
    try {
      const pool = new LoopbackAddresses();
      const first = await pool.acquire(port);
      const second = await pool.acquire(port);
      expect(first).not.toBe('127.0.0.2');
      expect(second).not.toBe(first);
      pool.release(first);
      expect(await pool.acquire(port)).toBe(first);
    } finally {
      blocker.close();
    }
  });
});
