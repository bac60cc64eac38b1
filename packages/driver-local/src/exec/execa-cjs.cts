/**
 * CommonJS build of `execa.ts`. execa 9 is ESM-only: it is loaded on the first call (not when this package is
 * required) through Node's own `require` (Node ≥ 20.19 requires ESM natively; see `nodeRequire`), so it also loads
 * inside jest's CommonJS runtime, which cannot load ESM itself.
 */
import type * as Execa from 'execa' with { 'resolution-mode': 'import' };

/**
 * Node's own `require`, resolving from this file. Not `createRequire`: inside jest's CommonJS runtime
 * `node:module` is jest's stand-in, whose `createRequire` goes through jest's registry, which cannot load ESM
 * before Node 24.9; a `Module` instance's `require` is still Node's, which loads ESM natively (Node >= 20.19).
 */
function nodeRequire(id: string): unknown {
  const { Module } = process.getBuiltinModule('node:module');
  const self = new Module(__filename);
  self.filename = __filename;
  self.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  return self.require(id);
}

let loaded: typeof Execa | undefined;

/** `execa(file, args, options)`, loading execa on the first call. */
export const execa = ((...args: unknown[]) => {
  if (loaded === undefined) {
    loaded = nodeRequire('execa') as typeof Execa;
  }
  return (loaded.execa as (...a: unknown[]) => unknown)(...args);
}) as typeof Execa.execa;
