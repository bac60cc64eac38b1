import type { ConformanceContext } from './conformance-context.js';
import type { TestRunner } from './runner/test-runner.js';

/** Options of {@link runDriverConformance}. */
export interface ConformanceOptions {
  /**
   * Image every test container is created from. Default: `'busybox:latest'`. The local driver passes
   * `'host'`; Docker passes an image that is already present (the kit never pulls).
   */
  image?: string;
  /** Jest timeout of each test, in ms. Default: 30000. */
  timeoutMs?: number;
  /**
   * Extra labels put on every container the kit creates, besides the kit's own
   * `berth.conformance=<runId>` (which always wins).
   */
  labels?: Record<string, string>;
  /**
   * Defines driver-specific cases inside the suite (call `it`/`describe` in it). They get the same
   * context, clean-up and timeouts as the kit's own cases.
   */
  additionalTests?: (ctx: ConformanceContext) => void;
  /**
   * The runner's functions to define the cases with. Default: detected ({@link currentTestRunner}: jest's or
   * vitest's globals, else `node:test` with the `expect` package). Pass vitest's when its globals are off.
   */
  runner?: TestRunner;
}
