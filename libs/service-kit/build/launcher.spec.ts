import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A bundle that prints what it sees of the module system, as JSON lines. */
const BUNDLE = `const { value } = require('./helper');
console.log(JSON.stringify({ value, filename: __filename, dirname: __dirname, main: require.main.filename, thisIsExports: this === module.exports }));
import('node:path').then((path) => console.log(JSON.stringify({ dynamicImport: typeof path.join })));
`;

describe('launcher (main.js)', () => {
  let dir: string;
  let cache: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'launcher-'));
    cache = join(dir, 'compile-cache');
    await copyFile(join(__dirname, 'launcher.js'), join(dir, 'main.js'));
    await writeFile(join(dir, 'helper.js'), "exports.value = 'from helper';\n");
    await writeFile(join(dir, 'server.js'), "console.log(JSON.stringify({ unbundled: true }));\n");
    await writeFile(join(dir, 'server.bundle.js'), BUNDLE);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function start(env: Record<string, string> = {}, nodeArgs: string[] = []) {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, join(dir, 'main.js')], {
      env: { ...process.env, NODE_OPTIONS: '', NODE_DEBUG: 'launcher', NODE_COMPILE_CACHE: cache, ...env },
    });
    return { lines: stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>), stderr };
  }

  const bundleCaches = async () => (await readdir(cache)).filter((name) => name.startsWith('server.bundle.'));
  const expected = () => [
    { value: 'from helper', filename: join(dir, 'server.bundle.js'), dirname: dir, main: join(dir, 'main.js'), thisIsExports: true },
    { dynamicImport: 'function' },
  ];

  it('runs the bundle as a CommonJS module of its folder, and fills the code cache the next start reads', async () => {
    const first = await start();
    expect(first.lines).toEqual(expected());
    expect(first.stderr).toMatch(/no code cache .*ENOENT/);
    expect(first.stderr).toMatch(/code cache .* written/);
    expect(await bundleCaches()).toEqual([expect.stringMatching(new RegExp(`^server\\.bundle\\.[0-9a-f]+\\.${process.version.replace(/\./g, '\\.')}\\.v8$`))]);

    const second = await start();
    expect(second.lines).toEqual(expected());
    expect(second.stderr).toMatch(/code cache .* accepted/);
    expect(second.stderr).not.toMatch(/written/);
  });

  it('never reads the cache of another bundle, and starts uncached on one V8 rejects', async () => {
    await start();
    await appendFile(join(dir, 'server.bundle.js'), '// a new build\n');
    const changed = await start();
    expect(changed.stderr).toMatch(/no code cache .*ENOENT/);
    expect(await bundleCaches()).toHaveLength(2);

    // --max-lazy is one of the flags V8 checks a code cache against.
    const otherFlags = await start({}, ['--max-lazy']);
    expect(otherFlags.lines).toEqual(expected());
    expect(otherFlags.stderr).toMatch(/code cache .* rejected/);
  });

  it('starts without a cache when there is no cache directory, or none can be written', async () => {
    const none = await start({ NODE_COMPILE_CACHE: '' });
    expect(none.lines).toEqual(expected());
    expect(none.stderr).not.toMatch(/LAUNCHER/);

    await writeFile(join(dir, 'not-a-directory'), '');
    const unwritable = await start({ NODE_COMPILE_CACHE: join(dir, 'not-a-directory', 'cache') });
    expect(unwritable.lines).toEqual(expected());
    expect(unwritable.stderr).toMatch(/code cache .* not written: ENOTDIR/);
  });

  it('runs server.js when tracing is on, and lets Node load the bundle when stack traces are source-mapped', async () => {
    expect((await start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).lines).toEqual([{ unbundled: true }]);

    await writeFile(join(dir, 'thrower.ts'), "export function fail(): never {\n  throw new Error('here');\n}\ntry {\n  fail();\n} catch (error) {\n  console.log(JSON.stringify({ frame: (error as Error).stack?.split('\\n')[1].trim() }));\n}\n");
    await build({ entryPoints: [join(dir, 'thrower.ts')], outfile: join(dir, 'server.bundle.js'), bundle: true, platform: 'node', sourcemap: 'linked', logLevel: 'silent' });
    const mapped = await start({}, ['--enable-source-maps']);
    expect(mapped.lines).toEqual([{ frame: `at fail (${join(dir, 'thrower.ts')}:2:9)` }]);
  });
});
