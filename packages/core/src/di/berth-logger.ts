/** One log method: `(obj, msg?)` or `(msg)`, as pino's. */
export type BerthLogFn = (objOrMsg: object | string, msg?: string) => void;

/**
 * The logger Berth writes to: the subset of pino's API Berth uses, so a pino logger (or anything with
 * `debug/info/warn/error(obj | msg, msg?)`) fits as is. Bound to `BERTH.Logger`.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const berth = createBerth({ driver, logger: pino({ level: 'info' }) });
 * ```
 */
export interface BerthLogger {
  /** Detail useful while debugging. */
  debug: BerthLogFn;
  /** Normal operation. */
  info: BerthLogFn;
  /** Something unexpected that Berth recovered from. */
  warn: BerthLogFn;
  /** Something failed. */
  error: BerthLogFn;
}

const noop: BerthLogFn = () => undefined;

/** A {@link BerthLogger} that discards everything; the default. */
export const silentLogger: BerthLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
