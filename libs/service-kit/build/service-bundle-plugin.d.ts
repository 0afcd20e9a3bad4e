import type { Plugin } from 'esbuild';
import type { Compiler } from 'webpack';

/** Writes server.bundle.js and the launcher main.js beside a service's webpack build (see the module). */
export declare class ServiceBundlePlugin {
  constructor(projectRoot: string);
  apply(compiler: Compiler): void;
}

/** Builds Nest's logger date formatters on first use instead of as Nest loads. */
export declare const lazyNestDateFormatters: Plugin;

/** A rule of {@link deferredRequires}: in files matching `file`, the requires of specifiers matching `specifier`. */
export interface DeferredRequireRule {
  readonly file: RegExp;
  readonly specifier: RegExp;
  /** Code to remove first: what reads every export as the module loads, and so would load them all. */
  readonly drop?: RegExp;
  /** Warn when a matching file has no such require (its package changed). */
  readonly everyFile: boolean;
}

/** Defers the requires the rules pick to the first use of what they return; the service bundle's rules by default. */
export declare function deferredRequires(rules?: readonly DeferredRequireRule[], deferred?: Set<string>): Plugin;

/** The transformation itself, on one module's source: the new source and the specifiers of the requires it deferred. */
export declare function deferRequires(source: string, specifier: RegExp): { code: string; specifiers: string[] };

/** Bundles `<dir>/server.js` into `<dir>/server.bundle.js` and its map, for a service on `platform`; returns esbuild's warnings. */
export declare function bundleServer(dir: string, platform: 'express' | 'fastify'): Promise<string[]>;

/** The modules of esbuild's `metafile` a start loads from `entry`, not following the `deferred` requires. */
export declare function modulesLoadedAtStart(
  metafile: { inputs: Record<string, { imports: { path: string; external?: boolean; original?: string }[] }> },
  entry: string,
  deferred: ReadonlySet<string>,
): Set<string>;
