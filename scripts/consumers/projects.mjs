// The fresh projects of the consumers job: one per way a user consumes Berth. Each is a directory under
// ./fixtures (its package.json carries the test tools, pinned to the root lockfile's versions where it has them,
// and its `test` script); the job adds the packed @berth/* tarballs as dependencies.

/** Every published package, in dependency order. */
export const PACKAGES = [
  '@berth/core',
  '@berth/monitoring',
  '@berth/driver-mock',
  '@berth/driver-local',
  '@berth/driver-docker',
  '@berth/session-manager',
  '@berth/hub',
];

/**
 * @typedef {object} ConsumerProject
 * @property {string} name - directory under ./fixtures
 * @property {string} what - one line for the progress output
 * @property {string[]} packages - the @berth/* packages it depends on (their @berth dependencies come along)
 * @property {number} minPassed - fewest passing tests its run must report: the kit defines 50+, so a kit that
 *   silently defined nothing (a runner not detected) fails the job instead of passing it
 * @property {boolean} [cli] - also run `npx berth --help` there (the packed hub's bin)
 */

/** @type {ConsumerProject[]} */
export const PROJECTS = [
  {
    name: 'cjs-ts-jest',
    what: 'CommonJS TypeScript, jest with only the ts-jest preset, tsc --noEmit without skipLibCheck',
    packages: ['@berth/core', '@berth/driver-mock'],
    minPassed: 50,
  },
  {
    name: 'cjs-classic',
    what: 'classic CommonJS TypeScript ("module": "commonjs", node10 resolution), ts-jest preset, no skipLibCheck',
    // session-manager, driver-docker and hub too: their CommonJS declarations must not name inversify's types
    packages: ['@berth/core', '@berth/driver-mock', '@berth/driver-docker', '@berth/session-manager', '@berth/hub'],
    minPassed: 50,
  },
  {
    name: 'esm-jest',
    what: 'ES modules, jest under --experimental-vm-modules',
    packages: ['@berth/core', '@berth/driver-mock'],
    minPassed: 50,
  },
  {
    name: 'vitest',
    what: 'ES-module TypeScript, vitest (runner handed to the kit)',
    packages: ['@berth/core', '@berth/driver-mock'],
    minPassed: 50,
  },
  {
    name: 'node-test',
    what: 'ES modules, node --test (kit on node:test + expect)',
    packages: ['@berth/core', '@berth/driver-mock'],
    minPassed: 50,
  },
  {
    name: 'require',
    what: 'plain CommonJS scripts: require() of every package, the kit run by node',
    packages: PACKAGES,
    minPassed: 50,
    cli: true,
  },
  {
    name: 'import',
    what: 'plain ES-module scripts: import of every package, the kit run by node',
    packages: PACKAGES,
    minPassed: 50,
  },
];
