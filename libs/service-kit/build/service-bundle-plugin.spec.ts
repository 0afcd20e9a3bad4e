import { build, type Message, type Plugin } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lazyNestDateFormatters } from './service-bundle-plugin';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Run in a child process: loads a bundle of `@nestjs/common` while counting the `Intl.DateTimeFormat`s built, then
 * takes both loggers' timestamps at one instant from the bundle and from Nest in node_modules, in the same process.
 */
const PROBE = `
let built = 0;
Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, { construct: (target, args) => (built++, Reflect.construct(target, args)) });
const bundled = require(process.argv[2]);
const atLoad = built;
Date.now = () => Date.UTC(2026, 11, 2, 15, 4, 5);
const nest = require('@nestjs/common');
const stamps = (common) => [common.Logger.getTimestamp(), new common.ConsoleLogger().getTimestamp()];
console.log(JSON.stringify({ atLoad, bundled: stamps(bundled), nest: stamps(nest) }));
`;

interface Probed {
  atLoad: number;
  bundled: string[];
  nest: string[];
}

describe('the service bundle: Nest date formatters', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'service-bundle-'));
    await writeFile(join(dir, 'probe.js'), PROBE);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function bundleAndProbe(plugins: Plugin[]): Promise<Probed & { warnings: Message[] }> {
    const outfile = join(dir, `common-${plugins.length}.js`);
    const { warnings } = await build({
      stdin: { contents: "module.exports = require('@nestjs/common');", resolveDir: ROOT, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      plugins,
      external: ['@nestjs/microservices', '@nestjs/websockets'],
      logLevel: 'silent',
    });
    // The probe sits in a temporary folder: NODE_PATH lets its require('@nestjs/common') find the workspace's Nest.
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'probe.js'), outfile], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } });
    return { ...(JSON.parse(stdout) as Probed), warnings };
  }

  it('builds them on first use, not as Nest loads, and formats as Nest does', async () => {
    const probed = await bundleAndProbe([lazyNestDateFormatters]);
    expect(probed.warnings).toEqual([]);
    expect(probed.atLoad).toBe(0);
    expect(probed.bundled).toEqual(probed.nest);
    expect(probed.bundled[0]).toMatch(/2026/);
  });

  it('would otherwise build both as Nest loads (what the plugin saves)', async () => {
    const probed = await bundleAndProbe([]);
    expect(probed.atLoad).toBe(2);
    expect(probed.bundled).toEqual(probed.nest);
  });
});
