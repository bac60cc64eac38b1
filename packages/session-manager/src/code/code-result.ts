import type { ExecResult } from '@berth/core';

/**
 * What `executeCode` returns: the exec result (`exitCode`, `stdout`, `stderr`, `durationMs`, `timedOut`) plus the
 * seed's `output`: stdout and stderr lines together in the order they arrived, each line ending with `\n`.
 *
 * @example
 * ```ts
 * const r: CodeResult = await manager.executeCode(id, { language: 'python', code: 'print(6 * 7)' });
 * console.log(r.output); // "42\n" (r.stdout is the same here)
 * ```
 */
export interface CodeResult extends ExecResult {
  /** stdout and stderr lines interleaved in arrival order, each ending with `\n` (the seed's field). */
  output: string;
}

/**
 * Collects output lines in arrival order for {@link CodeResult.output}.
 *
 * @example
 * ```ts
 * const out = new OutputCollector();
 * out.add('stdout', 'a'); out.add('stderr', 'b');
 * out.text(); // "a\nb\n"
 * ```
 */
export class OutputCollector {
  readonly #lines: string[] = [];

  /** Records one complete line (without its newline) of either stream. */
  add(_stream: 'stdout' | 'stderr', text: string): void {
    this.#lines.push(text);
  }

  /** Every line so far, each followed by `\n`. */
  text(): string {
    return this.#lines.map((l) => `${l}\n`).join('');
  }
}
