import { spawnSync } from 'node:child_process';

/**
 * One jest run for every package. ESM throughout: jest runs under `node --experimental-vm-modules`,
 * ts-jest compiles TypeScript in ESM mode, `@berth/*` imports resolve to package sources (no build needed),
 * and `./x.js` specifiers map back to `./x.ts`.
 *
 * Two projects: `unit` (everything, from sources) and `built`: the few suites that run the built packages in
 * a child process (the CLI, crash recovery). Jest runs a project's globalSetup only when one of its tests is
 * selected; the `built` one (scripts/ensure-built.mjs) runs `npm run build` when a package's build is missing
 * or older than its sources, so `npm test` passes right after `npm ci`. A new suite that spawns
 * `packages/<name>/dist` (or imports `@berth/*` from a child process) belongs in {@link NEEDS_BUILD}.
 */

/**
 * Without a usable bubblewrap the local driver refuses to run containers unless told to run them unsandboxed.
 * So that `npm test` stays green on a machine without it (the README's second command), the suites then use the
 * opt-out (`BERTH_LOCAL_ISOLATION=none`, which the workers inherit) and the sandbox suites register skipped tests
 * naming the reason. CI sets BERTH_REQUIRE_SANDBOX=1: no fallback, the sandbox suites must run.
 */
function sandboxFallback() {
  if (process.env.BERTH_REQUIRE_SANDBOX || process.env.BERTH_LOCAL_ISOLATION) return;
  const userns = process.getuid?.() === 0 ? [] : ['--unshare-user'];
  const probe = spawnSync(
    'bwrap',
    [...userns, '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--ro-bind', '/', '/'].concat([
      '--proc',
      '/proc',
      '--dev-bind',
      '/dev/null',
      '/dev/null',
      '--',
      '/bin/true',
    ]),
    { stdio: 'ignore', timeout: 10_000 },
  );
  if (probe.status === 0) return;
  process.env.BERTH_LOCAL_ISOLATION = 'none';
  process.stderr.write(
    '[berth tests] bubblewrap is missing or cannot create namespaces here: the local driver runs unsandboxed ' +
      '(BERTH_LOCAL_ISOLATION=none) and the sandbox suites skip. Install it: bash scripts/install-bubblewrap.sh\n',
  );
}
sandboxFallback();

/** Test files that need `packages/<name>/dist`: regular expressions on the test file's path. */
const NEEDS_BUILD = [
  '/packages/hub/src/cli/cli(\\.[a-z]+)?\\.int\\.spec\\.ts$',
  '/packages/session-manager/src/recovery/crash-recovery\\.[a-z]+\\.int\\.spec\\.ts$',
  '/packages/session-manager/src/manager/session-manager\\.swarm\\.int\\.spec\\.ts$',
  '/packages/driver-local/src/recovery\\.int\\.spec\\.ts$',
  '/packages/driver-local/src/sandbox\\.unprivileged\\.int\\.spec\\.ts$',
];

/** Settings shared by both projects. */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  moduleNameMapper: {
    '^@berth/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@berth/core/inversify$': '<rootDir>/packages/core/src/di/inversify.ts',
    '^@berth/driver-docker/testing$': '<rootDir>/packages/driver-docker/src/testing/index.ts',
    '^@berth/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...NEEDS_BUILD],
    },
    {
      ...shared,
      displayName: 'built',
      testRegex: NEEDS_BUILD,
      globalSetup: '<rootDir>/scripts/ensure-built.mjs',
    },
  ],
  testTimeout: 30000,
  maxWorkers: 2,
};
