import {
  boundBundle,
  CONTEXT_RESULT_LIMITS,
  type ContextRunError,
  type ContextRunResult,
  clipText,
  type MimeBundle,
} from './context-result.js';

/** Per-run callbacks: each piece of output the moment the interpreter sends it. */
export interface ContextRunCallbacks {
  /** A piece of stdout (Python: up to a newline or 4 KiB; JavaScript: one `console.log`). */
  onStdout?: (text: string) => void;
  /** A piece of stderr. */
  onStderr?: (text: string) => void;
}

/**
 * One context run as its events arrive: output pieces (handed to the callbacks, kept up to
 * `CONTEXT_RESULT_LIMITS.streamChars` per stream), display bundles (bounded in size and number), then the
 * closing `done` which makes the {@link ContextRunResult}. A callback that throws is ignored (it must not
 * break the run).
 */
export class ContextRun {
  private stdout = '';
  private stderr = '';
  private readonly outputs: MimeBundle[] = [];
  private dropped = 0;

  /** @param callbacks - the caller's per-run callbacks. @param startedAt - `Date.now()` at the start. */
  constructor(
    private readonly callbacks: ContextRunCallbacks,
    readonly startedAt: number,
  ) {}

  /** A piece of output of the run. */
  output(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const limit = CONTEXT_RESULT_LIMITS.streamChars;
    if (stream === 'stdout') this.stdout = append(this.stdout, text, limit);
    else this.stderr = append(this.stderr, text, limit);
    const callback = stream === 'stdout' ? this.callbacks.onStdout : this.callbacks.onStderr;
    try {
      callback?.(text);
    } catch {
      // a caller's callback cannot break the run
    }
  }

  /** A rich output. */
  display(bundle: MimeBundle): void {
    if (this.outputs.length >= CONTEXT_RESULT_LIMITS.bundles) {
      this.dropped += 1;
      return;
    }
    this.outputs.push(boundBundle(bundle));
  }

  /** The result, once the interpreter said the run is done. */
  result(exitCode: number, timedOut: boolean, text?: string, error?: ContextRunError): ContextRunResult {
    const outputs = [...this.outputs];
    if (this.dropped > 0) {
      outputs.push({
        'text/plain': `<${this.dropped} more display outputs dropped: over ${CONTEXT_RESULT_LIMITS.bundles}>`,
      });
    }
    const result: ContextRunResult = {
      exitCode,
      stdout: this.stdout,
      stderr: this.stderr,
      durationMs: Date.now() - this.startedAt,
      timedOut,
      outputs,
    };
    if (text !== undefined) result.text = clipText(text, CONTEXT_RESULT_LIMITS.textChars);
    if (error !== undefined) {
      result.error = {
        name: clipText(error.name, 256),
        value: clipText(error.value, CONTEXT_RESULT_LIMITS.tracebackChars),
        traceback: clipText(error.traceback, CONTEXT_RESULT_LIMITS.tracebackChars),
      };
    }
    return result;
  }
}

/** `kept + text` cut to `limit` (a cut result is longer than `limit` by its marker, so nothing is added after it). */
function append(kept: string, text: string, limit: number): string {
  if (kept.length > limit) return kept;
  return clipText(kept + text, limit);
}
