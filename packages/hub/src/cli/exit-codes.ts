import {
  CircuitOpenError,
  ContainerTimeoutError,
  DriverUnavailableError,
  isBerthError,
  ValidationError,
} from '@berth/core';

/**
 * Exit codes of `berth` that scripts can trust. `berth run` and `berth exec` exit with the program's own
 * exit code when the program ran; these codes are for berth's own outcomes.
 */
export const EXIT = Object.freeze({
  /** Success. */
  ok: 0,
  /** The program (or berth) failed. */
  failure: 1,
  /** Bad arguments, options or configuration. */
  usage: 2,
  /** No such container, session, image or file. */
  notFound: 3,
  /** The driver's backend is unreachable (or its circuit is open). */
  unavailable: 4,
  /** An operation timed out. */
  timeout: 5,
  /** Interrupted by Ctrl-C (SIGINT). */
  interrupted: 130,
  /** Terminated (SIGTERM). */
  terminated: 143,
} as const);

/** The exit code for an error berth could not recover from. */
export function exitCodeFor(err: unknown): number {
  if (ValidationError.is(err)) return EXIT.usage;
  if (DriverUnavailableError.is(err) || CircuitOpenError.is(err)) return EXIT.unavailable;
  if (ContainerTimeoutError.is(err)) return EXIT.timeout;
  if (isBerthError(err) && err.code.endsWith('_NOT_FOUND')) return EXIT.notFound;
  if (isBerthError(err) && err.code === 'BERTH_HUB_INSECURE_BIND') return EXIT.usage;
  return EXIT.failure;
}

/** An error that ends the CLI with a given code and message (usage errors found after parsing). */
export class CliExit extends Error {
  /**
   * @param code - the exit code.
   * @param message - printed to stderr (nothing when empty).
   */
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
