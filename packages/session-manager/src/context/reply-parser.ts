/** One framed message of a context interpreter. */
export interface ReplyMessage {
  /** The parsed JSON after the delimiter. */
  message: Record<string, unknown>;
  /** Output the interpreter wrote outside of any reply since the previous message (e.g. fd-level writes). */
  stray: string;
}

/**
 * Splits an interpreter's stdout into framed replies: each reply is a line `<delimiter><json>`, preceded by
 * a newline the interpreter adds. Feed decoded text in any chunking; complete replies come out in order.
 *
 * @example
 * ```ts
 * const p = new ReplyParser('@@D@@');
 * p.feed('\n@@D@@{"id":1,"stdout":"2\\n"}\n'); // [{ message: { id: 1, stdout: '2\n' }, stray: '' }]
 * ```
 */
export class ReplyParser {
  private buffer = '';

  /** @param delimiter - the unique token that starts every reply line. */
  constructor(private readonly delimiter: string) {}

  /** Adds text; returns the replies completed by it. Malformed JSON after a delimiter counts as stray output. */
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
      const json = this.buffer.slice(start + this.delimiter.length, end);
      this.buffer = this.buffer.slice(end + 1);
      try {
        const message: unknown = JSON.parse(json);
        if (typeof message === 'object' && message !== null)
          replies.push({ message: message as Record<string, unknown>, stray });
      } catch {
        replies.push({ message: {}, stray: `${stray}${json}\n` });
      }
    }
    return replies;
  }

  /** Text received that is not (yet) part of a reply. */
  get pending(): string {
    return this.buffer;
  }
}
