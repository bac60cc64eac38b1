import { BerthError, type BerthErrorOptions } from './berth-error.js';

/**
 * An image build failed: the engine refused the Dockerfile (an unknown instruction, a `FROM` image it cannot
 * find) or a step failed (`RUN` exited non-zero). Not retryable: the same context fails the same way. The
 * engine's message is {@link reason}; the build output up to the failure is {@link log}.
 *
 * @example
 * ```ts
 * try { await driver.buildImage?.({ context, tags: ['app:dev'] }); }
 * catch (err) { if (ImageBuildError.is(err)) console.error(err.reason, err.log.slice(-5)); }
 * ```
 */
export class ImageBuildError extends BerthError {
  /** Stable code of this error class: `BERTH_IMAGE_BUILD_FAILED`. */
  static override readonly code: string = 'BERTH_IMAGE_BUILD_FAILED';
  /** The engine's own message, e.g. `The command '/bin/sh -c exit 3' returned a non-zero code: 3`. */
  readonly reason: string;
  /** Build output lines up to the failure (at most the last 200). */
  readonly log: string[];
  /**
   * @param reason - the engine's message.
   * @param log - build output up to the failure.
   * @param options - operation and cause.
   */
  constructor(reason: string, log: string[] = [], options: BerthErrorOptions = {}) {
    super(`Image build failed: ${reason}; fix the Dockerfile or the build context and build again`, options);
    this.reason = reason;
    this.log = log.slice(-200);
  }
  protected override details(): Record<string, unknown> {
    return { reason: this.reason, log: this.log };
  }
}
