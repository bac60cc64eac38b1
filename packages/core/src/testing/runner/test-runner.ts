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
  describe: DescribeFunction;
  it: ItFunction;
  expect: Expect;
  beforeAll: HookFunction;
  afterAll: HookFunction;
  beforeEach: HookFunction;
  afterEach: HookFunction;
}
