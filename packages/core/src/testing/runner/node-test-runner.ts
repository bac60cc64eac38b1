import type { Expect } from 'expect';
import type { DescribeFunction, HookFunction, ItFunction, TestBody, TestRunner } from './test-runner.js';

type NodeTestOptions = { timeout?: number; skip?: boolean };
type NodeTestFn = (name: string, options: NodeTestOptions, fn: () => unknown) => unknown;
type NodeHookFn = (fn: () => unknown, options?: NodeTestOptions) => void;
interface NodeTestModule {
  describe: NodeTestFn;
  it: NodeTestFn;
  before: NodeHookFn;
  after: NodeHookFn;
  beforeEach: NodeHookFn;
  afterEach: NodeHookFn;
}

/** `{ timeout }` when a timeout was given. */
function opts(timeoutMs: number | undefined, skip = false): NodeTestOptions {
  const o: NodeTestOptions = {};
  if (timeoutMs !== undefined) o.timeout = timeoutMs;
  if (skip) o.skip = true;
  return o;
}

/** Calls `body` with no arguments (node:test passes a context, and treats a 2-argument body as callback style). */
const call = (body: TestBody) => () => body();

/**
 * `node:test` as a {@link TestRunner}: `it(title, body, timeoutMs)` becomes `it(title, { timeout }, body)`,
 * `beforeAll`/`afterAll` are `before`/`after`. `node:test` has no `expect`: pass one (the standalone
 * `expect` package, which is jest's).
 *
 * @param nodeTest - `await import('node:test')` (or `require('node:test')`).
 * @param expect - e.g. `import { expect } from 'expect'`.
 */
export function nodeTestRunner(nodeTest: NodeTestModule, expect: Expect): TestRunner {
  const it = ((title: string, body: TestBody, timeoutMs?: number) => {
    nodeTest.it(title, opts(timeoutMs), call(body));
  }) as ItFunction;
  it.skip = (title, body, timeoutMs) => {
    nodeTest.it(title, opts(timeoutMs, true), call(body));
  };
  const describe = ((title: string, body: () => void) => {
    nodeTest.describe(title, {}, body);
  }) as DescribeFunction;
  describe.skip = (title, body) => {
    nodeTest.describe(title, { skip: true }, body);
  };
  const hook =
    (fn: NodeHookFn): HookFunction =>
    (body, timeoutMs) =>
      fn(call(body), opts(timeoutMs));
  return {
    describe,
    it,
    expect,
    beforeAll: hook(nodeTest.before),
    afterAll: hook(nodeTest.after),
    beforeEach: hook(nodeTest.beforeEach),
    afterEach: hook(nodeTest.afterEach),
  };
}
