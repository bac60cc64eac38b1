import type { ExecResult } from '@berth/core';

/** A rich output: MIME type → data (`image/png` as base64, text types as text), as IPython's display protocol. */
export type MimeBundle = Record<string, string>;

/** An exception a context run raised, notebook style. */
export interface ContextRunError {
  /** Exception class name (`ValueError`, `KeyboardInterrupt`, `TypeError`, …). */
  name: string;
  /** Its message (`str(e)` / `e.message`). */
  value: string;
  /** The formatted traceback / stack (bounded by {@link CONTEXT_RESULT_LIMITS}). */
  traceback: string;
}

/**
 * The result of `runInContext`: `executeCode`'s shape, plus the notebook parts — the trailing expression's
 * value as `text`, an exception as `error`, and `display()` outputs as MIME bundles.
 */
export interface ContextRunResult extends ExecResult {
  /** `repr` (Python) / `util.inspect` (JavaScript) of the trailing expression, when it is not `None`/`undefined`. */
  text?: string;
  /** The exception the run raised (also printed to `stderr`, exit code 1; 130 when interrupted). */
  error?: ContextRunError;
  /** What the run displayed, in order (`display(obj)`, rich trailing values, matplotlib figures). */
  outputs: MimeBundle[];
  /**
   * `true` when the interpreter itself ended during this run (bash `exit`, Python `os._exit`, Node `process.exit`):
   * `exitCode` is its exit status and the context's state is gone — the next run starts a fresh interpreter.
   * Absent otherwise (Python's `sys.exit` only ends the run; the state is kept).
   */
  interpreterExited?: true;
}

/** Bounds of a context run's result; past them the content is cut and says so. */
export const CONTEXT_RESULT_LIMITS = Object.freeze({
  /** `text`, in characters. */
  textChars: 256 * 1024,
  /** `error.traceback` (and `error.value`), in characters. */
  tracebackChars: 64 * 1024,
  /** `stdout` and `stderr` kept in the result, each, in characters (callbacks and `logs$` still see everything). */
  streamChars: 4 * 1024 * 1024,
  /** One MIME bundle, all its values together, in characters (base64 counts as it is sent). */
  bundleChars: 8 * 1024 * 1024,
  /** Bundles of one run. */
  bundles: 64,
});

/** The marker added where a result part was cut. */
export const TRUNCATED_MARKER = '\n… (truncated)';

/** `text` cut to `limit` characters, with {@link TRUNCATED_MARKER} when it was longer. */
export function clipText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}${TRUNCATED_MARKER}`;
}

/** Total characters of a bundle's values. */
export function bundleSize(bundle: MimeBundle): number {
  let n = 0;
  for (const value of Object.values(bundle)) n += value.length;
  return n;
}

/** `bundle` when within {@link CONTEXT_RESULT_LIMITS.bundleChars}; otherwise a text/plain note saying it was dropped. */
export function boundBundle(bundle: MimeBundle): MimeBundle {
  const size = bundleSize(bundle);
  if (size <= CONTEXT_RESULT_LIMITS.bundleChars) return bundle;
  return { 'text/plain': `<display output of ${size} characters dropped: over ${CONTEXT_RESULT_LIMITS.bundleChars}>` };
}
