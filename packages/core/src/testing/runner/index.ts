/**
 * The test functions the conformance kit's cases use, runner-independent: each call goes to
 * {@link currentTestRunner} (jest, vitest or `node:test`, detected at call time, or the one given to
 * {@link useTestRunner}).
 *
 * @packageDocumentation
 */
import type { Expect } from 'expect';
import { currentTestRunner } from './detect-runner.js';
import type { DescribeFunction, HookFunction, ItFunction } from './test-runner.js';

export * from './detect-runner.js';
export * from './node-test-runner.js';
export * from './test-runner.js';

/** The current runner's `describe`. */
export const describe = ((title, body) => currentTestRunner().describe(title, body)) as DescribeFunction;
describe.skip = (title, body) => currentTestRunner().describe.skip(title, body);

/** The current runner's `it`. */
export const it = ((title, body, timeoutMs) => currentTestRunner().it(title, body, timeoutMs)) as ItFunction;
it.skip = (title, body, timeoutMs) => currentTestRunner().it.skip(title, body, timeoutMs);

/** The current runner's `beforeAll`. */
export const beforeAll: HookFunction = (fn, timeoutMs) => currentTestRunner().beforeAll(fn, timeoutMs);
/** The current runner's `afterAll`. */
export const afterAll: HookFunction = (fn, timeoutMs) => currentTestRunner().afterAll(fn, timeoutMs);
/** The current runner's `beforeEach`. */
export const beforeEach: HookFunction = (fn, timeoutMs) => currentTestRunner().beforeEach(fn, timeoutMs);
/** The current runner's `afterEach`. */
export const afterEach: HookFunction = (fn, timeoutMs) => currentTestRunner().afterEach(fn, timeoutMs);

/** The current runner's `expect` (its matchers and `expect.any`, `expect.arrayContaining` …). */
export const expect: Expect = new Proxy((() => undefined) as unknown as Expect, {
  apply: (_target, _this, args: unknown[]) => (currentTestRunner().expect as (...a: unknown[]) => unknown)(...args),
  get: (_target, prop) => Reflect.get(currentTestRunner().expect, prop),
}) as Expect;
