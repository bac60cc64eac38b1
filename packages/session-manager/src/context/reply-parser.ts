/** One framed line of a context interpreter. */
export interface ReplyMessage {
  /** The text after the delimiter, up to the newline. */
  line: string;
  /** Output the interpreter wrote outside of any reply since the previous one (e.g. fd-level writes). */
  stray: string;
}

/**
 * Splits an interpreter's stdout into framed lines: each is `<delimiter><payload>`, preceded by a newline
 * the interpreter adds. Feed decoded text in any chunking; complete lines come out in order.
 *
 * @example
 * ```ts
 * const p = new ReplyParser('@@D@@');
 * p.feed('\n@@D@@1 0 NDIK -\n'); // [{ line: '1 0 NDIK -', stray: '' }]
 * ```
 */
export class ReplyParser {
  private buffer = '';

  /** @param delimiter - the unique token that starts every reply line. */
  constructor(private readonly delimiter: string) {}

  /** Adds text; returns the lines completed by it. */
  feed(text: string): ReplyMessage[] {
    this.buffer += text;
    const replies: ReplyMessage[] = [];
    for (;;) {
      const start = this.buffer.indexOf(this.delimiter);
      if (start < 0) break;
      const end = this.buffer.indexOf('\n', start);
      if (end < 0) break;
      let stray = this.buffer.slice(0, start);
      if (stray.endsWith('\n')) stray = stray.slice(0, -1);
      replies.push({ line: this.buffer.slice(start + this.delimiter.length, end), stray });
      this.buffer = this.buffer.slice(end + 1);
    }
    return replies;
  }

  /** Text received that is not (yet) part of a reply. */
  get pending(): string {
    return this.buffer;
  }
}
