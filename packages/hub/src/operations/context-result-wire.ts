import type { ContextRunResultLike } from './session-control.js';

/** Characters kept per stream and of `text` in a `codeResult` (the full output also streams through the session channel). */
export const CONTEXT_WIRE_TEXT_LIMIT = 256 * 1024;

/** Characters kept of an error's `value` and `traceback`. */
export const CONTEXT_WIRE_TRACEBACK_LIMIT = 64 * 1024;

/** Characters of all `outputs` of one `codeResult` together; bundles past it are replaced by a note. */
export const CONTEXT_WIRE_OUTPUTS_LIMIT = 8 * 1024 * 1024;

/** The wire shape of a notebook run's result. */
export interface ContextResultWire {
  /** Exit code (130 when interrupted). */
  exitCode: number;
  /** stdout, bounded. */
  stdout: string;
  /** stderr, bounded. */
  stderr: string;
  /** Wall time. */
  durationMs: number;
  /** Whether the run was interrupted on its timeout. */
  timedOut: boolean;
  /** The trailing value, bounded. */
  text?: string;
  /** The exception, bounded. */
  error?: { name: string; value: string; traceback: string };
  /** Display outputs, bounded in total size. */
  outputs: Record<string, string>[];
  /** Present (`true`) when the code ended the context's interpreter: the next run starts a fresh one. */
  interpreterExited?: true;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n… (truncated)`;
}

/**
 * A notebook result cut to the wire's limits: streams and `text` to {@link CONTEXT_WIRE_TEXT_LIMIT}, the error
 * to {@link CONTEXT_WIRE_TRACEBACK_LIMIT}, `outputs` to {@link CONTEXT_WIRE_OUTPUTS_LIMIT} in total (a bundle
 * that does not fit becomes a `text/plain` note), non-string MIME data dropped.
 *
 * @example
 * ```ts
 * boundContextResult(result).outputs; // [{ 'image/png': 'iVBORw0…' }]
 * ```
 */
export function boundContextResult(result: ContextRunResultLike): ContextResultWire {
  const wire: ContextResultWire = {
    exitCode: result.exitCode,
    stdout: clip(result.stdout, CONTEXT_WIRE_TEXT_LIMIT),
    stderr: clip(result.stderr, CONTEXT_WIRE_TEXT_LIMIT),
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    outputs: [],
  };
  if (result.interpreterExited === true) wire.interpreterExited = true;
  if (result.text !== undefined) wire.text = clip(result.text, CONTEXT_WIRE_TEXT_LIMIT);
  if (result.error !== undefined) {
    wire.error = {
      name: clip(result.error.name, 256),
      value: clip(result.error.value, CONTEXT_WIRE_TRACEBACK_LIMIT),
      traceback: clip(result.error.traceback, CONTEXT_WIRE_TRACEBACK_LIMIT),
    };
  }
  let left = CONTEXT_WIRE_OUTPUTS_LIMIT;
  for (const bundle of result.outputs ?? []) {
    const clean: Record<string, string> = {};
    let size = 0;
    for (const [mime, data] of Object.entries(bundle)) {
      if (typeof data !== 'string') continue;
      clean[mime] = data;
      size += data.length;
    }
    if (size > left) {
      wire.outputs.push({ 'text/plain': `<display output of ${size} characters dropped: over the result limit>` });
      continue;
    }
    left -= size;
    wire.outputs.push(clean);
  }
  return wire;
}

/** Whether `err` is a session manager's `ContextNotFoundError` (by its code, across package copies). */
export function isContextNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'BERTH_CONTEXT_NOT_FOUND';
}
