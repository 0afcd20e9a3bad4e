import { PassThrough } from 'node:stream';
import { InstanceOutput } from '../../src/local-stack/instance-output';

describe('instance output on the terminal', () => {
  async function shown(lines: string[]): Promise<string> {
    let text = '';
    const output = new InstanceOutput((chunk) => (text += chunk));
    const stdout = new PassThrough();
    const ended = new Promise((r) => stdout.on('end', r));
    output.follow('users-1', [stdout, null]);
    for (const line of lines) stdout.write(`${line}\n`);
    stdout.end();
    stdout.resume();
    await ended;
    await new Promise((r) => setImmediate(r));
    return text;
  }

  it('turns pino JSON lines into readable lines prefixed by the instance, errors with their stack', async () => {
    const error = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const text = await shown([
      JSON.stringify({ level: 30, time: Date.now(), pid: 1, hostname: 'h', service: 'users', msg: 'listening', port: 3000 }),
      JSON.stringify({ level: 50, time: Date.now(), msg: 'database "users" unavailable', err: { type: 'Error', message: error.message, stack: error.stack } }),
    ]);
    const lines = text.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^users-1 {4}\| /);
    expect(lines[0]).toMatch(/INFO.*listening/);
    expect(text).toMatch(/ERROR.*database "users" unavailable/);
    expect(text).toContain('connect ECONNREFUSED 127.0.0.1:5432');
    expect(text).toMatch(/users-1 {4}\| +at /);
    expect(text).not.toContain('"level"');
  });

  it('shows a line that is not JSON as it came', async () => {
    expect(await shown(['node:internal/modules/cjs/loader:1228', '{ not json'])).toBe('users-1    | node:internal/modules/cjs/loader:1228\nusers-1    | { not json\n');
  });
});
