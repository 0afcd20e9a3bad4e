// @ts-check
const { copyFile, readFile, writeFile } = require('node:fs/promises');
const { dirname, join, resolve } = require('node:path');
const { decode, encode } = require('@jridgewell/sourcemap-codec');
const { parse } = require('acorn');
const esbuild = require('esbuild');

/**
 * The webpack build of a service compiles its TypeScript (with Nest's decorator metadata) into `server.js`, which
 * loads its packages from node_modules. This plugin then writes, into the same folder:
 * - `server.bundle.js`: `server.js` with the packages it loads bundled in, which starts in about two thirds of the
 *   time (Node resolves, reads and compiles one file instead of about 1,500); packages a start never loads are left
 *   to node_modules (see packagesLoadedLater);
 * - `main.js`: the entry point (the launcher), which runs the bundle, or `server.js` when OpenTelemetry is on.
 *   OpenTelemetry instruments Express, Nest and pg by patching them as Node loads them from node_modules, which a
 *   bundle never does.
 */
class ServiceBundlePlugin {
  /** @param {string} projectRoot the service's folder, holding its service.json */
  constructor(projectRoot) {
    this.projectRoot = projectRoot;
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise(ServiceBundlePlugin.name, async (compilation) => {
      if (compilation.errors.length > 0) return;
      const dir = compiler.options.output.path;
      const warnings = await bundleServer(dir, await httpPlatform(this.projectRoot));
      for (const text of warnings) compilation.warnings.push(new compiler.webpack.WebpackError(`service bundle: ${text}`));
      await copyFile(join(__dirname, 'launcher.js'), join(dir, 'main.js'));
      await setPackageMain(dir, 'main.js');
    });
  }
}

/**
 * Packages Nest requires only when an app uses them (microservices, websockets, fastify templates and static files),
 * inside a try. No kit service installs them, so they stay out of the bundle as they stay out of node_modules.
 */
const NEST_OPTIONAL_PACKAGES = [
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@fastify/static',
  '@fastify/view',
];

/** Loaded only when tracing is on, which runs `server.js` instead: see the launcher. */
const TRACING_PACKAGES = ['@opentelemetry/*', '@fastify/otel'];

/**
 * The kit loads only the adapter of the platform a service runs on (`http` in service.json, express by default), so
 * the other one is left out of its bundle: a smaller file compiles faster at every start.
 */
const PLATFORM_PACKAGES = {
  express: ['@nestjs/platform-express', 'express'],
  fastify: ['@nestjs/platform-fastify', 'fastify', '@fastify/*'],
};

async function httpPlatform(projectRoot) {
  const manifest = JSON.parse(await readFile(join(projectRoot, 'service.json'), 'utf8'));
  return manifest.http ?? 'express';
}

/**
 * Nest's `Logger` and `ConsoleLogger` modules each build an `Intl.DateTimeFormat` as they load, for the timestamp of
 * a line they print. A kit service logs through pino, so neither prints, yet building the two took about 15 ms and
 * 5 MB of resident memory (ICU's locale data) at every start. In the bundle each is built on its first use instead,
 * with the same locale and options. A Nest release that builds it differently is bundled as it is, with a warning.
 */
const NEST_LOGGER_MODULE = /[\\/]@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/;
const NEST_DATE_FORMATTER = 'const dateTimeFormatter = new Intl.DateTimeFormat(';

/** @type {import('esbuild').Plugin} */
const lazyNestDateFormatters = {
  name: 'lazy-nest-date-formatters',
  setup(build) {
    build.onLoad({ filter: NEST_LOGGER_MODULE }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const loaded = { loader: /** @type {const} */ ('js'), resolveDir: dirname(args.path) };
      if (!source.includes(NEST_DATE_FORMATTER)) {
        return { ...loaded, contents: source, warnings: [{ text: `${args.path} no longer builds its date formatter as expected; bundled unchanged` }] };
      }
      const patched = source.replace(NEST_DATE_FORMATTER, 'const dateTimeFormatter = formatterOnFirstUse(');
      // Appended, so every line keeps its number and the source map its positions.
      const helper = 'function formatterOnFirstUse(locales, options) { let formatter; return { format: (date) => (formatter ??= new Intl.DateTimeFormat(locales, options)).format(date) }; }';
      return { ...loaded, contents: `${patched}\n${helper}\n` };
    });
  },
};

/**
 * Modules that require, as they load, modules a service mostly never uses: rxjs's two indexes (every operator), zod's
 * locale index (47 languages), each class-validator decorator (its validator function; libphonenumber-js's metadata
 * for the phone number one), and in fastify: its server module (Node's https and http2, for servers a kit service
 * does not create), its plugin checks (semver, for plugins that name the fastify versions they need) and its schema
 * compilers (ajv and fast-json-stringify, for routes with schemas, which Nest's are not). In the bundle those requires
 * are deferred to the first use of what they return: users loads 1,001 of its 1,637 modules at start instead of 1,611,
 * and reached /ready in 314 against 400 ms, with 82.1 against 88.5 MB idle RSS (11 alternating starts).
 * `specifier` picks the requires. `drop` removes code that reads every export as the module loads (zod seals its
 * exports that way), which would load them all. `everyFile` says a matching file without such a require means the
 * package changed, which the build warns of.
 */
const DEFERRED_REQUIRES = [
  { file: /[\\/]node_modules[\\/]rxjs[\\/]dist[\\/]cjs[\\/](operators[\\/])?index\.js$/, specifier: /^\.\.?\//, everyFile: true },
  {
    file: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.cjs$/,
    specifier: /^\.\//,
    drop: /^\/\/ seal-cjs-exports\n\(function \(\) \{\n[\s\S]*?\n\}\)\(\);$/m,
    everyFile: true,
  },
  { file: /[\\/]node_modules[\\/]class-validator[\\/]cjs[\\/]decorator[\\/].+\.js$/, specifier: /^(validator|libphonenumber-js)(\/|$)/, everyFile: false },
  { file: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/, specifier: /^node:(https|http2)$/, everyFile: true },
  { file: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]plugin-utils\.js$/, specifier: /^semver$/, everyFile: true },
  { file: /[\\/]node_modules[\\/]@fastify[\\/]ajv-compiler[\\/]index\.js$/, specifier: /^\.\/lib\//, everyFile: true },
  { file: /[\\/]node_modules[\\/]@fastify[\\/]ajv-compiler[\\/]standalone\.js$/, specifier: /^ajv\//, everyFile: true },
  { file: /[\\/]node_modules[\\/]@fastify[\\/]fast-json-stringify-compiler[\\/]standalone\.js$/, specifier: /^fast-json-stringify$/, everyFile: true },
];

/**
 * A CommonJS import on a line of its own: `const name = require('x')`, TypeScript's (`var`, an interop helper around
 * the call) or with one property of the module taken (`require('x').default`).
 */
const REQUIRE_DECLARATION = /^(?:var|const|let) ([\w$]+) = (?:(__importDefault|__importStar)\()?require\((["'])([^"']+)\3\)(\)?)(\.[\w$]+)?;?$/gm;

/**
 * Defers each require of `source` whose specifier matches: its declaration becomes, on the same line (so the source
 * map keeps its positions), an empty binding and a function that requires the module the first time it is called,
 * and each use of the binding becomes a call of that function (in parentheses after `new`). A call, not a
 * parenthesised expression: a use that starts a statement in code written without semicolons would otherwise continue
 * the line before it (`[]\n(...)`).
 * Returns the new source and the specifiers of the requires it deferred.
 */
function deferRequires(source, specifier) {
  let code = source;
  const specifiers = [];
  for (const [declaration, name, helper, , required, helperClose, member = ''] of source.matchAll(REQUIRE_DECLARATION)) {
    if (!specifier.test(required) || Boolean(helper) !== Boolean(helperClose)) continue;
    const slot = `${name}$deferred`;
    const call = `require(${JSON.stringify(required)})`;
    const load = `${name}$load()`;
    code = code.replace(declaration, `let ${slot}; function ${name}$load() { return ${slot} ??= ${helper ? `${helper}(${call})` : call}${member}; }`);
    // Each use of the binding; not a property or an object key of the same name, nor text in a string.
    const use = new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$'"])`, 'g');
    code = code.replace(use, (found, at, text) => {
      if (isObjectKey(text, at, found.length)) return found;
      // `new name(...)` must construct what the call returns, not the loader.
      return /\bnew\s+$/.test(text.slice(Math.max(0, at - 8), at)) ? `(${load})` : load;
    });
    specifiers.push(required);
  }
  return { code, specifiers };
}

/** Whether the identifier at `at` is an object literal's key (`{ name: ...`, `, name: ...`). */
function isObjectKey(text, at, length) {
  return /[{,]\s*$/.test(text.slice(Math.max(0, at - 80), at)) && /^\s*:(?!:)/.test(text.slice(at + length, at + length + 8));
}

/**
 * @param {Set<string>} [deferred] receives `<importing file>\n<specifier>` for each require deferred
 * @returns {import('esbuild').Plugin} the plugin deferring the requires `rules` pick (see DEFERRED_REQUIRES).
 */
function deferredRequires(rules = DEFERRED_REQUIRES, deferred = new Set()) {
  return {
    name: 'deferred-requires',
    setup(build) {
      for (const rule of rules) {
        build.onLoad({ filter: rule.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          // Dropped code leaves its lines, blank, so the source map keeps its positions.
          const kept = rule.drop ? source.replace(rule.drop, (text) => text.replace(/[^\n]/g, '')) : source;
          const { code, specifiers } = deferRequires(kept, rule.specifier);
          for (const specifier of specifiers) deferred.add(`${args.path}\n${specifier}`);
          const warnings = [];
          if (specifiers.length === 0 && rule.everyFile) warnings.push({ text: `${args.path} no longer requires its modules as expected; bundled unchanged` });
          if (rule.drop && kept === source) warnings.push({ text: `${args.path} no longer ends as expected; its requires are deferred but its exports are still read as it loads` });
          return { contents: code, loader: /** @type {const} */ ('js'), resolveDir: dirname(args.path), warnings };
        });
      }
    },
  };
}

async function bundleServer(dir, platform) {
  const unused = Object.entries(PLATFORM_PACKAGES).flatMap(([name, packages]) => (name === platform ? [] : packages));
  const nodeMajor = (await readFile(join(__dirname, '../../../.nvmrc'), 'utf8')).trim().split('.')[0];
  const entry = join(dir, 'server.js');
  /** Bundles with `external` left out; returns esbuild's result and the requires the bundle defers. @param {string[]} external */
  const bundle = async (external) => {
    const deferred = new Set();
    const result = await esbuild.build({
      entryPoints: [entry],
      outfile: join(dir, 'server.bundle.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${nodeMajor}`,
      external: [...NEST_OPTIONAL_PACKAGES, ...TRACING_PACKAGES, ...unused, ...external],
      // Whitespace and comments only: 5 MB less to read and hold at every start; names stay, so a stack trace
      // still names its functions. Not keepNames, which wraps every function expression as it is created and cost
      // about 10 % more CPU per request; see classNameEdits.
      minifyWhitespace: true,
      // esbuild follows server.js's own source map, so stack positions map back to the TypeScript sources.
      sourcemap: 'linked',
      // The sources are in the repository; the map only has to point at them.
      sourcesContent: false,
      plugins: [lazyNestDateFormatters, deferredRequires(DEFERRED_REQUIRES, deferred)],
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    return { result, deferred };
  };
  const whole = await bundle([]);
  const later = await packagesLoadedLater(whole.result.metafile, modulesLoadedAtStart(whole.result.metafile, entry, whole.deferred), dir);
  const { result, deferred } = later.length > 0 ? await bundle(later) : whole;
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!js || !map) throw new Error(`esbuild wrote no bundle and map for ${entry}`);
  const startup = modulesLoadedAtStart(result.metafile, entry, deferred);
  const edits = [...classNameEdits(js.text), ...asciiEdits(js.text, js.path), ...compiledWithScriptEdits(js.text, startup)];
  const edited = applyEdits(js.text, map.text, edits);
  await writeFile(js.path, edited.code);
  await writeFile(map.path, edited.map);
  return result.warnings.map((warning) => warning.text);
}

/**
 * The packages of which a start loads nothing (users: libphonenumber-js, validator, ajv, fast-json-stringify and
 * others behind deferred requires; about 1 MB of its bundle): left out of the bundle, they are required from
 * node_modules if ever used. V8 holds a script's whole source for as long as it runs, so each byte the bundle does
 * not need at start is a byte less of every task's memory. Only packages installed at the top of node_modules, in the
 * version bundled, per the service's own package-lock.json (which its image installs); any other stays bundled.
 */
async function packagesLoadedLater(metafile, startup, dir) {
  const lock = await readFile(join(dir, 'package-lock.json'), 'utf8').then(JSON.parse, () => undefined);
  if (!lock?.packages) return [];
  /** @type {Map<string, { atStart: boolean; topLevel: boolean; dir: string }>} */
  const packages = new Map();
  for (const path of Object.keys(metafile.inputs)) {
    const parts = path.split('node_modules/');
    if (parts.length < 2) continue;
    const last = /** @type {string} */ (parts.at(-1)).split('/');
    const name = last[0].startsWith('@') ? `${last[0]}/${last[1]}` : last[0];
    const found = packages.get(name) ?? { atStart: false, topLevel: true, dir: resolve(path.slice(0, path.lastIndexOf('node_modules/')), 'node_modules', name) };
    found.atStart ||= startup.has(path);
    found.topLevel &&= parts.length === 2;
    packages.set(name, found);
  }
  const later = [];
  for (const [name, found] of packages) {
    if (found.atStart || !found.topLevel) continue;
    const bundled = await readFile(join(found.dir, 'package.json'), 'utf8').then((text) => JSON.parse(text).version, () => undefined);
    if (bundled !== undefined && lock.packages[`node_modules/${name}`]?.version === bundled) later.push(name);
  }
  return later.sort();
}

/**
 * The bundle's modules a start loads: those the entry reaches through its requires and imports, except the requires
 * the bundle defers (see DEFERRED_REQUIRES). Keyed as esbuild names the modules in the bundle.
 */
function modulesLoadedAtStart(metafile, entry, deferred) {
  const cwd = process.cwd();
  const first = Object.keys(metafile.inputs).find((key) => resolve(cwd, key) === entry);
  if (first === undefined) throw new Error(`${entry} is not among esbuild's inputs`);
  const reached = new Set([first]);
  const queue = [first];
  while (queue.length > 0) {
    const from = /** @type {string} */ (queue.pop());
    const importer = resolve(cwd, from);
    for (const imported of metafile.inputs[from].imports) {
      if (imported.external || reached.has(imported.path) || !(imported.path in metafile.inputs)) continue;
      if (deferred.has(`${importer}\n${imported.original ?? imported.path}`)) continue;
      reached.add(imported.path);
      queue.push(imported.path);
    }
  }
  return reached;
}

/**
 * V8 compiles a function on its first call, unless the function is wrapped in parentheses where it is defined; and
 * Node's compile cache, which the image fills, holds only what V8 compiled with the script. The module functions a
 * start calls are wrapped, so the cache holds them compiled, and a start reads them instead of compiling about a
 * thousand modules one by one: about 50 ms of users' start. Modules loaded later or never stay lazy, out of the
 * cache and out of memory.
 */
function compiledWithScriptEdits(code, startup) {
  const edits = [];
  const program = parse(code, { ecmaVersion: 'latest' });
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const { init } of statement.declarations) {
      // esbuild's `var require_x = __commonJS({ "path"(exports, module) {...} })`, or `__esm` for an ES module.
      if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || !['__commonJS', '__esm'].includes(init.callee.name)) continue;
      const [argument] = init.arguments;
      const property = argument?.type === 'ObjectExpression' ? argument.properties[0] : undefined;
      if (property?.type !== 'Property' || !property.method || !startup.has(String(property.key.value))) continue;
      edits.push({ start: property.value.start, end: property.value.start, text: ':(function' });
      edits.push({ start: property.value.end, end: property.value.end, text: ')' });
    }
  }
  return edits;
}

/**
 * Applies non-overlapping edits (`start`..`end` of `code` replaced by `text`) to the bundle and moves its source map
 * with them: on each line, a generated column after an edit moves by the length the edit added.
 */
function applyEdits(code, mapText, edits) {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const map = JSON.parse(mapText);
  const lines = decode(map.mappings);
  let output = '';
  let copied = 0;
  let line = 0;
  let lineStart = 0;
  /** @type {Map<number, { end: number; added: number }[]>} each line's edits, by column */
  const byLine = new Map();
  for (const edit of sorted) {
    if (edit.start < copied) throw new Error(`overlapping bundle edits at ${edit.start}`);
    for (let next = code.indexOf('\n', lineStart); next !== -1 && next < edit.start; next = code.indexOf('\n', lineStart)) {
      line++;
      lineStart = next + 1;
    }
    output += code.slice(copied, edit.start) + edit.text;
    copied = edit.end;
    const onLine = byLine.get(line) ?? [];
    onLine.push({ end: edit.end - lineStart, added: edit.text.length - (edit.end - edit.start) });
    byLine.set(line, onLine);
  }
  output += code.slice(copied);
  for (const [index, onLine] of byLine) {
    let shift = 0;
    let next = 0;
    for (const segment of lines[index] ?? []) {
      while (next < onLine.length && onLine[next].end <= segment[0]) shift += onLine[next++].added;
      segment[0] += shift;
    }
  }
  return { code: output, map: JSON.stringify({ ...map, mappings: encode(lines) }) };
}

/**
 * esbuild turns a module's `class X {}` that refers to itself into `var X = class _X {}`, so `X.name` becomes `_X`,
 * and Nest, which names log contexts and providers in its messages after classes, would say `_InstanceLoader`. A
 * static block gives each such class its name back once, as esbuild's keepNames does for classes.
 */
function classNameEdits(code) {
  const edits = [];
  for (const match of code.matchAll(/\b([A-Za-z_$][\w$]*)=class _([A-Za-z_$][\w$]*)((?: extends [\w$.]+)?)\{/g)) {
    // The inner name is `_` and the class's own; the outer one may have a number added where another binding of the
    // bundle has the same name (`Named2=class _Named`), or the inner one may (`Named=class _Named2`).
    const [text, outer, inner] = match;
    const bare = (name) => name.replace(/\d+$/, '');
    const name = outer === inner || bare(outer) === inner ? inner : bare(inner) === outer ? outer : undefined;
    if (name === undefined) continue;
    const end = /** @type {number} */ (match.index) + text.length;
    edits.push({ start: end, end, text: `static{Object.defineProperty(this,"name",{value:"${name}"})}` });
  }
  return edits;
}

/**
 * esbuild escapes non-ASCII characters in strings but leaves them in regular expressions (validator's alphabets).
 * One such character makes Node read the whole file into a two-byte string: twice the memory and, measured, about
 * 80 ms more to start. A `\uXXXX` escape means the same UTF-16 unit in a regular expression, with or without the
 * `u` flag, except right after a backslash, which the build refuses rather than change a pattern's meaning.
 */
function asciiEdits(code, path) {
  const escaped = /\\[\u0080-\uffff]/.exec(code);
  if (escaped) throw new Error(`${path}: cannot escape the non-ASCII character after a backslash at ${escaped.index}`);
  return [...code.matchAll(/[\u0080-\uffff]/g)].map((match) => {
    const start = /** @type {number} */ (match.index);
    return { start, end: start + 1, text: `\\u${match[0].charCodeAt(0).toString(16).padStart(4, '0')}` };
  });
}

/** The generated package.json names its `main`; the entry point is the launcher. */
async function setPackageMain(dir, main) {
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, `${JSON.stringify({ ...manifest, main }, null, 2)}\n`);
}

module.exports = { ServiceBundlePlugin, lazyNestDateFormatters, deferredRequires, deferRequires, bundleServer, modulesLoadedAtStart };
