import type { ExecResult, OutputChunk } from '@berth/core';

/**
 * What `executeCode` returns: the exec result (`exitCode`, `stdout`, `stderr`, `durationMs`, `timedOut`) plus the
 * seed's `output`: what the program wrote to stdout and stderr, together, in the order it arrived.
 *
 * @example
 * ```ts
 * const r: CodeResult = await manager.executeCode(id, { language: 'python', code: 'print(6 * 7)' });
 * console.log(r.output); // "42\n" (r.stdout is the same here)
 * ```
 */
export interface CodeResult extends ExecResult {
  /** stdout and stderr together, as written, in arrival order (the seed's field). */
  output: string;
}

/**
 * Collects the raw output chunks of a run, both streams, in arrival order, for {@link CodeResult.output}. Each
 * stream is decoded as UTF-8 on its own, so a character split across two chunks of one stream comes out whole.
 *
 * @example
 * ```ts
 * const out = new OutputCollector();
 * out.add({ stream: 'stdout', data: new TextEncoder().encode('a\n') });
 * out.add({ stream: 'stderr', data: new TextEncoder().encode('b') });
 * out.text(); // "a\nb"
 * ```
 */
export class OutputCollector {
  readonly #parts: string[] = [];
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  /** Records one chunk of either stream. */
  add(chunk: OutputChunk): void {
    this.#parts.push(this.#decoders[chunk.stream].decode(chunk.data, { stream: true }));
  }

  /** Everything so far, with what the decoders still hold (an unfinished character) flushed. */
  text(): string {
    const tail = this.#decoders.stdout.decode() + this.#decoders.stderr.decode();
    return this.#parts.join('') + tail;
  }
}
