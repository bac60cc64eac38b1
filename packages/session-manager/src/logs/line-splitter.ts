/** Longest line kept whole; a longer one is emitted in pieces of this many characters (bounds memory). */
export const MAX_LINE_LENGTH = 65_536;

/**
 * Turns a byte stream into lines: decodes UTF-8 across chunk boundaries (a multi-byte character split
 * between chunks stays whole), emits each `\n`-terminated line without its `\n`, and keeps the unfinished
 * rest until more data arrives or {@link flush} is called at end of stream.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const splitter = new LineSplitter((line) => lines.push(line));
 * splitter.push(new TextEncoder().encode('a\nb'));
 * splitter.push(new TextEncoder().encode('c\nd'));
 * splitter.flush(); // lines: ['a', 'bc', 'd']
 * ```
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private partial = '';

  /**
   * @param emit - receives each complete line.
   * @param maxLineLength - a line longer than this is emitted in pieces (default {@link MAX_LINE_LENGTH}).
   */
  constructor(
    private readonly emit: (line: string) => void,
    private readonly maxLineLength: number = MAX_LINE_LENGTH,
  ) {}

  /** Adds a chunk; emits every line it completes. */
  push(data: Uint8Array): void {
    const parts = (this.partial + this.decoder.decode(data, { stream: true })).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
    while (this.partial.length > this.maxLineLength) {
      this.emit(this.partial.slice(0, this.maxLineLength));
      this.partial = this.partial.slice(this.maxLineLength);
    }
  }

  /** End of stream: emits the unfinished last line, if any. */
  flush(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest !== '') this.emit(rest);
  }
}
