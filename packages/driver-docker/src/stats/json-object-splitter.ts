/**
 * Splits a stream of concatenated JSON documents (the engine's streaming endpoints write one object per
 * line, but chunks split objects anywhere) into parsed objects. Tracks brace depth outside strings, so it
 * does not rely on newlines.
 */
export class JsonObjectSplitter {
  #text = '';
  #depth = 0;
  #inString = false;
  #escaped = false;
  #start = -1;
  #scanned = 0;
  readonly #decoder = new TextDecoder();

  /** Feeds bytes; returns every object now complete (malformed documents are skipped). */
  push(chunk: Uint8Array): unknown[] {
    this.#text += this.#decoder.decode(chunk, { stream: true });
    const out: unknown[] = [];
    let cut = 0;
    for (let i = this.#scanned; i < this.#text.length; i++) {
      const ch = this.#text[i];
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (ch === '\\') this.#escaped = true;
        else if (ch === '"') this.#inString = false;
        continue;
      }
      if (ch === '"') this.#inString = true;
      else if (ch === '{') {
        if (this.#depth === 0) this.#start = i;
        this.#depth++;
      } else if (ch === '}' && this.#depth > 0) {
        this.#depth--;
        if (this.#depth === 0 && this.#start >= 0) {
          try {
            out.push(JSON.parse(this.#text.slice(this.#start, i + 1)));
          } catch {
            // skip a malformed document
          }
          cut = i + 1;
          this.#start = -1;
        }
      }
    }
    this.#text = this.#text.slice(cut);
    if (this.#start >= 0) this.#start -= cut;
    this.#scanned = this.#text.length;
    return out;
  }
}
