/**
 * CommonJS build of `execa.ts`. execa 9 is ESM-only: it is loaded on the first call (not when this package is
 * required) through Node's own `require` (Node ≥ 20.19 requires ESM natively), reached with
 * `process.getBuiltinModule`, so it also loads inside jest's CommonJS runtime, which cannot load ESM itself.
 */
import type * as Execa from 'execa' with { 'resolution-mode': 'import' };

let loaded: typeof Execa | undefined;

/** `execa(file, args, options)`, loading execa on the first call. */
export const execa = ((...args: unknown[]) => {
  if (loaded === undefined) {
    const nodeModule = process.getBuiltinModule('node:module');
    loaded = nodeModule.createRequire(__filename)('execa') as typeof Execa;
  }
  return (loaded.execa as (...a: unknown[]) => unknown)(...args);
}) as typeof Execa.execa;
