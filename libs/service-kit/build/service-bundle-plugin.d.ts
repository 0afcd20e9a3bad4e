import type { Plugin } from 'esbuild';
import type { Compiler } from 'webpack';

/** Writes server.bundle.js and the launcher main.js beside a service's webpack build (see the module). */
export declare class ServiceBundlePlugin {
  constructor(projectRoot: string);
  apply(compiler: Compiler): void;
}

/** Builds Nest's logger date formatters on first use instead of as Nest loads. */
export declare const lazyNestDateFormatters: Plugin;
