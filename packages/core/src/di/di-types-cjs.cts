/**
 * CommonJS build of `di-types.ts`: Berth's own minimal structural types for what core's API accepts and returns
 * of inversify (a container, a module, typed tokens). inversify 8's declarations are ESM and exports-only, which a
 * classic CommonJS TypeScript project (`"module": "commonjs"`, node10 resolution) cannot read, so these
 * declarations never name them. At runtime the objects are inversify's own; inversify's classes satisfy these
 * types (core's CommonJS build checks that).
 */

// biome-ignore lint/suspicious/noExplicitAny: inversify's Newable takes any arguments; matching it keeps T inferable
type AnyArgs = any[];

/**
 * A DI token typed by the service it resolves to, so `container.get(BERTH.ContainerDriver)` is a
 * `ContainerDriver`: structurally inversify's `ServiceIdentifier<T>`.
 */
export type DiToken<T = unknown> =
  | string
  | symbol
  | (new (
      ...args: AnyArgs
    ) => T)
  | (abstract new (
      ...args: AnyArgs
    ) => T);

/** What a dynamic binding's factory can resolve from: the container's `get`. */
export interface DiResolutionContext {
  /** Resolves a bound service. */
  get<T>(token: DiToken<T>): T;
}

/** What `container.bind(token)` offers here: a constant or a factory (the rest is inversify's, untyped here). */
export interface DiBinding<T> {
  /** Binds a value. */
  toConstantValue(value: T): unknown;
  /** Binds a factory, called on each resolution of a transient binding. */
  toDynamicValue(factory: (context: DiResolutionContext) => T | Promise<T>): unknown;
}

/** An inversify `ContainerModule`: a driver package's module (e.g. `mockDriverModule()`), loaded by a container. */
export interface DiModule {
  /** inversify's module id. */
  readonly id: number;
}

/** The inversify `Container` of `createBerth`, as far as Berth's documentation uses it. */
export interface DiContainer {
  /** Starts a binding of `token`. */
  bind<T>(token: DiToken<T>): DiBinding<T>;
  /** Resolves a bound service synchronously. */
  get<T>(token: DiToken<T>): T;
  /** Resolves a bound service, awaiting asynchronous factories. */
  getAsync<T>(token: DiToken<T>): Promise<T>;
  /** Whether `token` has a binding. */
  isBound(token: DiToken): boolean;
  /** Loads modules that load synchronously. */
  load(...modules: DiModule[]): void;
  /** Loads modules. */
  loadAsync(...modules: DiModule[]): Promise<void>;
  /** Unbinds everything, running deactivation handlers (disposing the driver). */
  unbindAllAsync(): Promise<void>;
}
