// The scaffolds (src/core/scaffold) run only when a command writes new records, so they are a
// bundle of their own, dist/scaffolds.js, loaded on first use: the extension's bundle, read at
// every activation, stays small. Refusals are recognised by name (isScaffoldRefused), since the
// two bundles each have their own ScaffoldRefused class.
import * as path from 'node:path';
import type * as Scaffolds from '../core/scaffold';

let loaded: typeof Scaffolds | undefined;

export function scaffolds(): typeof Scaffolds {
  // A computed path: esbuild leaves the require to run time instead of bundling the module.
  loaded ??= require(path.join(__dirname, 'scaffolds.js')) as typeof Scaffolds;
  return loaded;
}

/** Thrown by the extension's own checks around a scaffold; the same name as the core's refusal. */
export class ScaffoldRefused extends Error {
  override readonly name = 'ScaffoldRefused';
}

export function isScaffoldRefused(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ScaffoldRefused';
}
