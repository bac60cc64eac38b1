/**
 * One jest run for every package. ESM throughout: jest runs under `node --experimental-vm-modules`,
 * ts-jest compiles TypeScript in ESM mode, `@berth/*` imports resolve to package sources (no build needed),
 * and `./x.js` specifiers map back to `./x.ts`.
 */
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/*.spec.ts'],
  moduleNameMapper: {
    '^@berth/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@berth/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
