import type { Expect } from 'expect';
import { nodeTestRunner } from './node-test-runner.js';
import type { TestRunner } from './test-runner.js';

let chosen: TestRunner | undefined;

/**
 * Makes the conformance kit define its cases with `runner`'s functions (for vitest without `globals: true`:
 * `useTestRunner({ describe, it, expect, beforeAll, afterAll, beforeEach, afterEach })` with vitest's).
 * `runDriverConformance(name, factory, { runner })` does the same.
 */
export function useTestRunner(runner: TestRunner): void {
  chosen = runner;
}

/** Node's own `require`, resolving from the working directory (the user's project). */
function projectRequire(id: string): unknown {
  const nodeModule = process.getBuiltinModule('node:module');
  return nodeModule.createRequire(`${process.cwd()}/package.json`)(id);
}

/**
 * The runner the kit uses: the one given to {@link useTestRunner}; else the runner's globals when they are
 * there (jest, which injects them by default; vitest with `globals: true`); else `node:test`, with the
 * standalone `expect` package (install it next to your tests) as `expect`.
 *
 * @throws Error when none is found, saying how to pass one.
 */
export function currentTestRunner(): TestRunner {
  if (chosen !== undefined) return chosen;
  const g = globalThis as Partial<TestRunner>;
  if (
    typeof g.describe === 'function' &&
    typeof g.it === 'function' &&
    typeof g.expect === 'function' &&
    typeof g.beforeAll === 'function' &&
    typeof g.afterAll === 'function' &&
    typeof g.beforeEach === 'function' &&
    typeof g.afterEach === 'function'
  ) {
    return g as TestRunner;
  }
  let expect: Expect;
  try {
    expect = (projectRequire('expect') as { expect: Expect }).expect;
  } catch (err) {
    throw new Error(
      'the Berth conformance kit found no test runner: with jest keep injectGlobals on; with vitest set ' +
        "globals: true or call useTestRunner({ describe, it, expect, beforeAll, afterAll, beforeEach, afterEach }) with vitest's; " +
        `with node:test install the "expect" package (${(err as Error).message.split('\n')[0]})`,
    );
  }
  chosen = nodeTestRunner(process.getBuiltinModule('node:test') as never, expect);
  return chosen;
}
