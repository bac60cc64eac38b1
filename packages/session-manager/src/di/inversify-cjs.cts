/**
 * CommonJS build of `inversify.ts`. inversify 8 is ESM-only: it is loaded on first use (not when this package
 * is required) through Node's own `require` (Node ≥ 20.19 requires ESM natively; see `nodeRequire`), so it also loads
 * inside jest's CommonJS runtime, which cannot load ESM itself.
 * `Container` and `ContainerModule` are stand-ins whose `new` builds the real class's instance.
 */
import type * as Inversify from 'inversify' with { 'resolution-mode': 'import' };

type InversifyModule = typeof Inversify;

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

let loaded: InversifyModule | undefined;

/** Loads inversify once, with Node's own `require`. */
function inversify(): InversifyModule {
  if (loaded === undefined) {
    loaded = nodeRequire('inversify') as InversifyModule;
  }
  return loaded;
}

/** A constructor that builds `pick()`'s class on `new`, loading inversify then. */
function lazyClass<C extends abstract new (...args: never[]) => object>(pick: () => C): C {
  return new Proxy(class {}, {
    construct: (_target, args) => Reflect.construct(pick(), args) as object,
  }) as unknown as C;
}

/** inversify's `Container`, loaded on first `new`. */
export const Container = lazyClass(() => inversify().Container);
/** inversify's `Container` instance type. */
export type Container = Inversify.Container;
/** inversify's `ContainerModule`, loaded on first `new`. */
export const ContainerModule = lazyClass(() => inversify().ContainerModule);
/** inversify's `ContainerModule` instance type. */
export type ContainerModule = Inversify.ContainerModule;
