import { build, type Message, type Plugin } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { bundleServer, deferredRequires, lazyNestDateFormatters, modulesLoadedAtStart } from './service-bundle-plugin';

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

/** Bundles `entry` (a CommonJS module's text, resolved from `resolveDir`) with `plugins` into `outfile`. */
async function bundle(entry: string, resolveDir: string, outfile: string, plugins: Plugin[]): Promise<Message[]> {
  const { warnings } = await build({
    stdin: { contents: entry, resolveDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    plugins,
    logLevel: 'silent',
  });
  return warnings;
}

const runNode = async (script: string, args: string[]) => (await promisify(execFile)(process.execPath, [script, ...args])).stdout;

describe('the service bundle: deferred requires', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'service-bundle-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads a deferred module where what it returns is first used, once, and leaves the rest of the module as it was', async () => {
    // TypeScript's CommonJS output, with a key, a property and a string that share a binding's name.
    const lib = join(dir, 'lib');
    await mkdir(lib);
    await writeFile(
      join(lib, 'index.js'),
      [
        '"use strict";',
        'var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };',
        'var heavy_1 = require("./heavy");',
        'const light_1 = __importDefault(require("./light"));',
        'const kept_1 = require("./kept");',
        'exports.read = () => heavy_1.value + (0, light_1.default)() + new heavy_1.Zero().value;',
        "exports.shape = { heavy_1: 'a key', other: { heavy_1: 1 }.heavy_1, label: 'heavy_1' };",
        'exports.kept = kept_1.value;',
        // Code written without semicolons, where a use starts a statement.
        'exports.asi = () => {',
        '  const list = []',
        '  heavy_1.value === 40 && list.push(heavy_1.value)',
        '  return list',
        '};',
        'Object.defineProperty(exports, "value", { enumerable: true, get: function () { return heavy_1.value; } });',
        // What zod's modules end with: it reads every export as the module loads.
        '// seal-cjs-exports',
        '(function () {',
        '  for (const key of Object.keys(exports)) void exports[key];',
        '})();',
        'exports.after = 1;',
        '',
      ].join('\n'),
    );
    await writeFile(join(lib, 'heavy.js'), "globalThis.evaluated.push('heavy'); exports.value = 40; exports.Zero = class { value = 0; };\n");
    await writeFile(join(lib, 'light.js'), "globalThis.evaluated.push('light'); module.exports = () => 2;\n");
    await writeFile(join(lib, 'kept.js'), "globalThis.evaluated.push('kept'); exports.value = 'kept';\n");
    const plugin = deferredRequires([
      { file: /[\\/]lib[\\/]index\.js$/, specifier: /^\.\/(heavy|light)$/, drop: /^\/\/ seal-cjs-exports\n[\s\S]*?\n\}\)\(\);$/m, everyFile: true },
    ]);
    const outfile = join(dir, 'lib.bundle.js');
    expect(await bundle("module.exports = require('./lib');", dir, outfile, [plugin])).toEqual([]);
    await writeFile(
      join(dir, 'probe-lib.js'),
      `globalThis.evaluated = [];
const lib = require(process.argv[2]);
const atLoad = [...evaluated];
const reads = [lib.read(), lib.read()];
console.log(JSON.stringify({ atLoad, reads, after: evaluated, shape: lib.shape, kept: lib.kept, value: lib.value, asi: lib.asi(), rest: lib.after }));`,
    );

    expect(JSON.parse(await runNode(join(dir, 'probe-lib.js'), [outfile]))).toEqual({
      atLoad: ['kept'],
      reads: [42, 42],
      after: ['kept', 'heavy', 'light'],
      shape: { heavy_1: 'a key', other: 1, label: 'heavy_1' },
      kept: 'kept',
      value: 40,
      asi: [40],
      rest: 1,
    });
  });

  it('warns, and bundles the module unchanged, when a file a rule expects requires nothing it picks', async () => {
    await writeFile(join(dir, 'plain.js'), 'exports.value = require("node:os").EOL;\n');
    const plugin = deferredRequires([{ file: /[\\/]plain\.js$/, specifier: /^\.\//, everyFile: true }]);
    const warnings = await bundle("module.exports = require('./plain');", dir, join(dir, 'plain.bundle.js'), [plugin]);
    expect(warnings.map((w) => w.text)).toEqual([`${join(dir, 'plain.js')} no longer requires its modules as expected; bundled unchanged`]);
  });

  it('keeps rxjs, zod, class-validator and fastify behaving as without it, and its rules still match the installed packages', async () => {
    // What a service uses of each: operators, a zod error in English and a locale, three validators (the phone
    // number one loads libphonenumber-js; the strong password one holds a key named like its binding), and a fastify
    // server with a plugin that names the fastify versions it needs (checked with semver) and a route with schemas.
    const entry = `
const { firstValueFrom, of } = require('rxjs');
const { map } = require('rxjs/operators');
const { z } = require('zod');
const cv = require('class-validator');
const fastify = require('fastify');
module.exports = async () => {
  const server = fastify();
  const plugin = async (app) => app.get('/ping', async () => ({ pong: true }));
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('plugin-meta')] = { name: 'ping', fastify: '5.x' };
  await server.register(plugin);
  // Routes with schemas, which load the validator (ajv) and serializer (fast-json-stringify) compilers.
  const schema = { body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } }, response: { 200: { type: 'object', properties: { twice: { type: 'integer' } } } } };
  server.post('/twice', { schema }, async (request) => ({ twice: request.body.n * 2, dropped: true }));
  const misfit = Object.assign(async () => {}, { [Symbol.for('plugin-meta')]: { name: 'misfit', fastify: '4.x' } });
  const refused = await fastify().register(misfit).ready().then(() => 'accepted', (error) => error.code);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = 'http://127.0.0.1:' + server.server.address().port;
  const pong = await (await fetch(url + '/ping')).json();
  const post = (body) => fetch(url + '/twice', { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => [r.status, await r.json()]);
  const twice = [await post('{"n":21}'), (await post('{"n":"x"}'))[1].message];
  await server.close();
  class Account {}
  cv.IsEmail()(Account.prototype, 'email');
  cv.IsPhoneNumber()(Account.prototype, 'phone');
  cv.IsStrongPassword()(Account.prototype, 'password');
  const errors = (values) => cv.validateSync(Object.assign(new Account(), values)).map((e) => Object.values(e.constraints).join());
  return {
    doubled: await firstValueFrom(of(21).pipe(map((x) => x * 2))),
    zod: z.object({ port: z.number().int() }).safeParse({ port: 'x' }).error.issues[0].message,
    french: typeof z.locales.fr().localeError,
    invalid: errors({ email: 'nobody', phone: '12', password: 'abc' }),
    valid: errors({ email: 'a@example.com', phone: '+14155552671', password: 'Str0ng!Passw0rd' }),
    pong,
    twice,
    refused,
  };
};`;
    await writeFile(join(dir, 'probe-packages.js'), 'require(process.argv[2])().then((r) => console.log(JSON.stringify(r)));');
    const deferred = join(dir, 'packages-deferred.js');
    const plain = join(dir, 'packages-plain.js');
    expect(await bundle(entry, ROOT, deferred, [deferredRequires()])).toEqual([]);
    await bundle(entry, ROOT, plain, []);

    const withRules = JSON.parse(await runNode(join(dir, 'probe-packages.js'), [deferred]));
    expect(withRules).toEqual(JSON.parse(await runNode(join(dir, 'probe-packages.js'), [plain])));
    expect(withRules).toEqual({
      doubled: 42,
      zod: 'Invalid input: expected number, received string',
      french: 'function',
      invalid: ['email must be an email', 'phone must be a valid phone number', 'password is not strong enough'],
      valid: [],
      pong: { pong: true },
      twice: [[200, { twice: 42 }], 'body/n must be integer'],
      refused: 'FST_ERR_PLUGIN_VERSION_MISMATCH',
    });
  }, 60_000);
});

describe('the service bundle: what the build changes in esbuild\'s output', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'service-bundle-'));
    // A server whose modules hold what the build edits: non-ASCII characters (escaped), a class that refers to
    // itself (esbuild renames it), and modules a start loads (compiled with the script).
    await writeFile(
      join(dir, 'server.js'),
      [
        "const { fail } = require('./thrower');",
        "const { Named } = require('./named');",
        "console.log(JSON.stringify({ name: Named.create().constructor.name, accented: /[àé]/.test('café') }));",
        'try {',
        '  fail();',
        '} catch (error) {',
        "  console.log(error.stack.split('\\n')[1].trim());",
        '}',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'thrower.js'), "const accents = /[àéü]/u;\nexports.fail = function fail() {\n  if (accents.test('ü')) {\n    throw new Error('here');\n  }\n};\n");
    await writeFile(join(dir, 'named.js'), 'class Named {\n  static create() {\n    return new Named();\n  }\n}\nexports.Named = Named;\n');
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('escapes non-ASCII, names classes back and compiles the modules a start loads with the script, and its source map still points at each source position', async () => {
    expect(await bundleServer(dir, 'fastify')).toEqual([]);
    const bundled = await readFile(join(dir, 'server.bundle.js'), 'latin1');
    expect(/[\u0080-\uffff]/.exec(bundled)).toBeNull();
    // Wrapped in parentheses, which V8 compiles with the script (and the compile cache then holds).
    for (const file of ['thrower.js', 'named.js']) expect(bundled).toContain(`${JSON.stringify(relative(process.cwd(), join(dir, file)))}:(function(`);

    const { stdout } = await promisify(execFile)(process.execPath, ['--enable-source-maps', join(dir, 'server.bundle.js')]);
    const [result, frame] = stdout.trim().split('\n');
    expect(JSON.parse(result)).toEqual({ name: 'Named', accented: true });
    // Line 4, column 11 of thrower.js is `new Error`: every edit before it on the bundle's line moved the map along.
    expect(frame).toMatch(new RegExp(`\\(${join(dir, 'thrower.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:11\\)$`));
  });

  it('counts as loaded at start what the entry reaches, except through a deferred require', () => {
    const metafile = {
      inputs: {
        'app/server.js': { imports: [{ path: 'app/a.js', original: './a' }, { path: 'app/late.js', original: './late' }, { path: 'node:fs', external: true }] },
        'app/a.js': { imports: [{ path: 'app/b.js', original: './b' }] },
        'app/b.js': { imports: [] },
        'app/late.js': { imports: [{ path: 'app/only-late.js', original: './only-late' }, { path: 'app/b.js', original: './b' }] },
        'app/only-late.js': { imports: [] },
      },
    };
    const entry = join(process.cwd(), 'app/server.js');
    expect([...modulesLoadedAtStart(metafile, entry, new Set([`${entry}\n./late`]))].sort()).toEqual(['app/a.js', 'app/b.js', 'app/server.js']);
    expect(modulesLoadedAtStart(metafile, entry, new Set()).size).toBe(5);
  });
});

describe('the service bundle: packages a start never loads', () => {
  let dir: string;

  beforeAll(async () => {
    // Inside the workspace, so that the bundle finds the workspace's node_modules as an image finds its own.
    await mkdir(join(ROOT, 'dist'), { recursive: true });
    dir = await mkdtemp(join(ROOT, 'dist', 'service-bundle-'));
    // class-validator's decorators require validator (and libphonenumber-js) only when first used (DEFERRED_REQUIRES).
    await writeFile(
      join(dir, 'server.js'),
      [
        "const cv = require('class-validator');",
        'class Account {}',
        "cv.IsEmail()(Account.prototype, 'email');",
        'const errors = cv.validateSync(Object.assign(new Account(), { email: process.argv[2] }));',
        'console.log(JSON.stringify(errors.map((e) => Object.values(e.constraints).join())));',
        '',
      ].join('\n'),
    );
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const installed = async (name: string) => (JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const writeLock = async (versions: Record<string, string>) =>
    writeFile(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(Object.entries(versions).map(([name, version]) => [`node_modules/${name}`, { version }])) }));
  const bundleAndRun = async () => {
    expect(await bundleServer(dir, 'express')).toEqual([]);
    const code = await readFile(join(dir, 'server.bundle.js'), 'utf8');
    const run = async (email: string) => JSON.parse((await promisify(execFile)(process.execPath, [join(dir, 'server.bundle.js'), email])).stdout) as string[];
    return { code, invalid: await run('nobody'), valid: await run('a@example.com') };
  };

  it('leaves them out when the service installs them at the top of node_modules in the version bundled, and requires them from there', async () => {
    await rm(join(dir, 'package-lock.json'), { force: true });
    const whole = await bundleAndRun();
    expect(whole.code).not.toContain('require("validator');

    await writeLock({ 'class-validator': await installed('class-validator'), validator: await installed('validator'), 'libphonenumber-js': await installed('libphonenumber-js') });
    const trimmed = await bundleAndRun();
    expect(trimmed.code).toContain('require("validator/lib/isEmail")');
    expect(trimmed.code).toContain('require("libphonenumber-js/max")');
    // Loaded at start, so bundled whatever the lock says.
    expect(trimmed.code).toContain('node_modules/class-validator/');
    expect(trimmed.code.length).toBeLessThan(whole.code.length - 300_000);
    for (const result of [whole, trimmed]) expect([result.invalid, result.valid]).toEqual([['email must be an email'], []]);
  }, 60_000);

  it('keeps bundled a package the service would install in another version', async () => {
    await writeLock({ validator: '0.0.1', 'libphonenumber-js': await installed('libphonenumber-js') });
    const result = await bundleAndRun();
    expect(result.code).not.toContain('require("validator');
    expect(result.code).toContain('require("libphonenumber-js/max")');
    expect([result.invalid, result.valid]).toEqual([['email must be an email'], []]);
  }, 60_000);
});
