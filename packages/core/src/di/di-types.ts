/**
 * The dependency-injection types core's API accepts and returns (`createBerth`'s container, a driver module,
 * the `BERTH` tokens). In the ES-module build they are inversify's own types. The CommonJS build
 * (`di-types-cjs.cts`, chosen by tshy) declares Berth's own minimal structural types instead: inversify 8's
 * declarations are ESM and exports-only, so a classic CommonJS TypeScript project (`"module": "commonjs"`,
 * node10 resolution) cannot read them, and core's CommonJS declarations must not name them.
 *
 * @packageDocumentation
 */
export type { Container as DiContainer, ContainerModule as DiModule, ServiceIdentifier as DiToken } from 'inversify';
