/**
 * Longest line, in UTF-16 code units, that {@link LineSplitter} emits whole (64 Ki). A longer line is
 * emitted in pieces of at most this length, so a stream without newlines never grows memory unbounded.
 */
export const MAX_LINE_LENGTH = 65_536;

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** Longest line emitted whole; must be at least 2. Default: {@link MAX_LINE_LENGTH}. */
  maxLineLength?: number;
}

/**
 * Turns a stream of byte or text chunks into lines. The one line rule of Berth (logs, exec output, event
 * streams all use it; the local driver's supervisor, a separate program, carries a copy of the same rule):
 *
 * - a line ends at `\n`, which is not part of it; a `\r` right before the `\n` is dropped too (CRLF), a
 *   `\r` anywhere else (also at the end of the flushed last line) is kept;
 * - UTF-8 is decoded across chunk boundaries: a multi-byte character split between chunks stays whole;
 * - the last line without `\n` is emitted by {@link flush} (end of stream), not before;
 * - a line longer than `maxLineLength` is split, nothing dropped: each full piece of `maxLineLength` code
 *   units is emitted as a line of its own as soon as it is complete, the rest continues as the next line.
 *   A piece never ends inside a surrogate pair (it is one shorter then), and a `\r` waiting for a possible
 *   `\n` does not count toward the length.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter();
 * splitter.push(new TextEncoder().encode('a\r\nb')); // ['a']
 * splitter.push('c\nd');                             // ['bc']
 * splitter.flush();                                  // ['d']
 * ```
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder();
  readonly #max: number;
  #partial = '';

  /** @param options - the line length limit. */
  constructor(options: LineSplitterOptions = {}) {
    const max = options.maxLineLength ?? MAX_LINE_LENGTH;
    if (!Number.isInteger(max) || max < 2) throw new RangeError(`maxLineLength must be an integer >= 2, got ${max}`);
    this.#max = max;
  }

  /** Adds a chunk (bytes are decoded as UTF-8, strings taken as they are); returns the lines it completed. */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    const all = this.#partial + text;
    let start = 0;
    let newline = all.indexOf('\n');
    while (newline !== -1) {
      this.#pieces(all.slice(start, newline), lines, 'newline');
      start = newline + 1;
      newline = all.indexOf('\n', start);
    }
    this.#partial = this.#pieces(all.slice(start), lines, 'open');
    return lines;
  }

  /** End of stream: returns the unfinished last line (in pieces when overlong), if any. */
  flush(): string[] {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    const lines: string[] = [];
    if (rest !== '') this.#pieces(rest, lines, 'flush');
    return lines;
  }

  /**
   * Emits the full pieces of `text` into `lines`. A line ended by `\n` loses a CRLF's `\r` and is emitted to
   * its end, a flushed one too (keeping a final `\r`); an open one keeps its last piece (and a trailing `\r`
   * that may still become a CRLF), which is returned.
   */
  #pieces(text: string, lines: string[], ending: 'newline' | 'flush' | 'open'): string {
    let rest = ending === 'newline' && text.endsWith('\r') ? text.slice(0, -1) : text;
    const waitingCr = (): number => (ending === 'open' && rest.endsWith('\r') ? 1 : 0);
    while (rest.length - waitingCr() > this.#max) {
      const cut = isHighSurrogate(rest.charCodeAt(this.#max - 1)) ? this.#max - 1 : this.#max;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (ending === 'open') return rest;
    lines.push(rest);
    return '';
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
