'use strict';
// A service's entry point (dist/apps/<service>/main.js), written by the build. The bundle starts fastest. With
// OpenTelemetry on (OTEL_EXPORTER_OTLP_ENDPOINT set), the unbundled build runs instead: the SDK can only instrument
// Express, Nest and pg when Node loads them from node_modules.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { join } = require('node:path');
const { debuglog } = require('node:util');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const debug = debuglog('launcher');

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) require('./server.js');
// Node maps stack traces (--enable-source-maps) only for code its own loader compiled.
else if (process.sourceMapsEnabled) require('./server.bundle.js');
else runBundle(join(__dirname, 'server.bundle.js'), process.env.NODE_COMPILE_CACHE);

/**
 * Runs the bundle as Node runs a CommonJS module, with V8's code cache for it kept in the compile cache directory
 * (NODE_COMPILE_CACHE), which the image fills at build by loading the service once. Node's compile cache, which
 * serves every other file there, would hold the bundle's too, but keeps its copy of it (2.3 MB for users) in memory
 * for the life of the process: read here, the cache is garbage once V8 has used it (users' idle RSS 70.3 against
 * 73.8 MB, in eight alternating starts; a start takes as long). The file is named after a checksum of the bundle and
 * the Node version, so a changed bundle or runtime never reads another's cache; V8 itself rejects a cache made with
 * other flags. `import()` in the bundle (Nest's file type check) goes through Node's own loader, with an
 * experimental warning the first time. `NODE_DEBUG=launcher` says whether the cache was read, accepted and written.
 */
function runBundle(file, cacheDir) {
  const code = readFileSync(file);
  const cacheFile = cacheDir ? join(cacheDir, `server.bundle.${crc32(code).toString(16)}.${process.version}.v8`) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const run = vm.compileFunction(code.toString(), ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
    cachedData,
    produceCachedData: cacheFile !== undefined && cachedData === undefined,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData) debug('code cache %s %s', cacheFile, run.cachedDataRejected ? 'rejected' : 'accepted');
  else if (cacheFile && run.cachedData) writeCache(cacheFile, run.cachedData);
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = module.paths;
  run.call(bundle.exports, bundle.exports, createRequire(file), bundle, file, __dirname);
  bundle.loaded = true;
}

function readCache(cacheFile) {
  try {
    return readFileSync(cacheFile);
  } catch (error) {
    debug('no code cache %s: %s', cacheFile, error.code);
    return undefined;
  }
}

// Through a file of its own, renamed into place, so a start never reads a cache half written by another. A
// read-only directory (the image's, at run time) is no error: the start just had no cache.
function writeCache(cacheFile, data) {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
    debug('code cache %s written', cacheFile);
  } catch (error) {
    debug('code cache %s not written: %s', cacheFile, error.code);
  }
}
