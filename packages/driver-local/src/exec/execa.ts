/**
 * `execa` for this package. The ESM build re-exports it; the CommonJS build (`execa-cjs.cts`, chosen by tshy)
 * loads execa 9, which is ESM-only, on first call, so `require('@berth/driver-local')` works even where ESM
 * cannot be required (jest's CommonJS runtime). CONTRIBUTING.md ("Dual packages") says why.
 *
 * @packageDocumentation
 */
export { execa } from 'execa';
