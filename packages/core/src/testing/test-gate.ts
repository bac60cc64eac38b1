import { DriverUnavailableError } from '../errors/index.js';
import { describe, it } from './runner/index.js';

/**
 * `true` when the environment variable `name` is set to something other than empty, `0` or `false` — the rule
 * every `BERTH_REQUIRE_*` switch follows (`BERTH_REQUIRE_DOCKER`, `BERTH_REQUIRE_CGROUPS` …).
 */
export function envFlagSet(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[name];
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** How {@link describeWhen} treats a missing dependency the environment demands. */
export interface TestGateOptions {
  /**
   * Env var that turns "missing" from a skip into a failure (e.g. `BERTH_REQUIRE_DOCKER`); read with
   * {@link envFlagSet}. Without it, a missing dependency always skips.
   */
  requireEnv?: string;
  /** What to do to get the dependency, appended to the failure and to the skip reason (`run bash scripts/…`). */
  hint?: string;
  /** The environment to read `requireEnv` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** What the printed skip line starts with (default `[berth]`): `<logPrefix> skipping "<title>" (<reason>)`. */
  logPrefix?: string;
}

/**
 * The one test gate every `describe*` gate is built on. With `reason === null` it is `describe(title, body)`.
 * Otherwise the group holds one test and `body` is never called:
 *
 * - `options.requireEnv` set in the environment → a failing test that throws a `DriverUnavailableError` naming
 *   the env var and the reason (CI must not go green on a missing engine);
 * - else → one skipped test named `skipped: <reason>`, and the reason printed once with `console.info`, so the
 *   file always has a test (jest fails a file with none) and the report says what was not checked, and why.
 *
 * Registers through the kit's runner adapter ({@link currentTestRunner}), so it works under jest, vitest and
 * `node:test` alike.
 *
 * @example
 * ```ts
 * describeWhen(engineUp ? null : 'no Docker Engine', 'DockerDriver', () => { it(…); }, { requireEnv: 'BERTH_REQUIRE_DOCKER' });
 * ```
 */
export function describeWhen(
  reason: string | null,
  title: string,
  body: () => void,
  options: TestGateOptions = {},
): void {
  if (reason === null) {
    describe(title, body);
    return;
  }
  const { requireEnv, hint } = options;
  if (requireEnv !== undefined && envFlagSet(requireEnv, options.env)) {
    const message = `${requireEnv} is set but ${reason}${hint === undefined ? '' : `; ${hint}`}`;
    describe(title, () => {
      it(`required: ${reason}`, () => {
        throw new DriverUnavailableError(message);
      });
    });
    return;
  }
  const full = [reason, hint, requireEnv === undefined ? undefined : `set ${requireEnv}=1 to fail instead`]
    .filter((part): part is string => part !== undefined)
    .join('; ');
  console.info(`${options.logPrefix ?? '[berth]'} skipping "${title}" (${full})`);
  describe(title, () => {
    it.skip(`skipped: ${full}`, () => undefined);
  });
}
