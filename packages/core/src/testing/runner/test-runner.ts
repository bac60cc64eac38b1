import type { Expect } from 'expect';

/** A test body: may return a promise. */
export type TestBody = () => unknown;

/** `it(title, body, timeoutMs?)`, with `it.skip`. */
export type ItFunction = ((title: string, body: TestBody, timeoutMs?: number) => void) & {
  skip: (title: string, body: TestBody, timeoutMs?: number) => void;
};

/** `describe(title, body)`, with `describe.skip`. */
export type DescribeFunction = ((title: string, body: () => void) => void) & {
  skip: (title: string, body: () => void) => void;
};

/** A hook: `beforeAll(fn, timeoutMs?)` and its siblings. */
export type HookFunction = (fn: TestBody, timeoutMs?: number) => void;

/**
 * The functions of a test runner the conformance kit defines its cases with. jest's and vitest's have these
 * names and shapes already (`import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from
 * 'vitest'` is one); {@link nodeTestRunner} adapts `node:test`.
 */
export interface TestRunner {
  /** Groups cases: the kit opens one group per driver and one per operation family. */
  describe: DescribeFunction;
  /** Defines one case. */
  it: ItFunction;
  /** jest's `expect` API (vitest's, or the standalone `expect` package under `node:test`). */
  expect: Expect;
  /** Runs once before a group's cases. */
  beforeAll: HookFunction;
  /** Runs once after a group's cases, also when one failed. */
  afterAll: HookFunction;
  /** Runs before each case of a group. */
  beforeEach: HookFunction;
  /** Runs after each case of a group, also when it failed. */
  afterEach: HookFunction;
}
