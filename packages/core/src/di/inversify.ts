/**
 * inversify's classes for this package's DI modules. The ESM build re-exports them from `inversify`; the
 * CommonJS build (`inversify-cjs.cts`, chosen by tshy) loads inversify 8, which is ESM-only, on first use,
 * so `require()` of this package works even where ESM cannot be required (jest's CommonJS runtime).
 * CONTRIBUTING.md ("Dual packages") says why.
 *
 * @packageDocumentation
 */
export { Container, ContainerModule, type ServiceIdentifier } from 'inversify';
