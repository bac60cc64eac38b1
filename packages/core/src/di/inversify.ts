/**
 * `@berth/core/inversify`: inversify's classes for the DI modules of core and of the Berth packages built on it
 * (`dockerDriverModule`, `sessionManagerModule`, …), so there is one loader and one inversify for all. The ESM
 * build re-exports them from `inversify`; the CommonJS build (`inversify-cjs.cts`, chosen by tshy) loads
 * inversify 8, which is ESM-only, on first use, so `require()` of these packages works even where ESM cannot be
 * required (jest's CommonJS runtime). A subpath, not the main entry: core's CommonJS declarations never name
 * inversify's types (see `di-types.ts`). CONTRIBUTING.md ("Dual packages") says why.
 *
 * @packageDocumentation
 */
export { Container, ContainerModule, type ServiceIdentifier } from 'inversify';
