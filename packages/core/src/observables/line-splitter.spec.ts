import { LineSplitter, MAX_LINE_LENGTH } from './line-splitter.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every line `chunks` produce, flush included. */
function split(chunks: (Uint8Array | string)[], maxLineLength?: number): string[] {
  const splitter = new LineSplitter(maxLineLength === undefined ? {} : { maxLineLength });
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.flush()];
}

describe(LineSplitter.name, () => {
  describe('.push', () => {
    it('returns each complete line without its newline, and keeps the rest until more comes', () => {
      const splitter = new LineSplitter();
      expect(splitter.push(bytes('one\ntwo\nthr'))).toEqual(['one', 'two']);
      expect(splitter.push(bytes('ee\n'))).toEqual(['three']);
    });

    it('emits empty lines', () => {
      expect(split([bytes('\n\nx\n')])).toEqual(['', '', 'x']);
    });

    it('drops the \\r of a CRLF, also when \\r and \\n arrive in different chunks', () => {
      expect(split([bytes('a\r\nb\r'), bytes('\nc\r\n')])).toEqual(['a', 'b', 'c']);
    });

    it('keeps a bare \\r (progress bars), also at the end of the flushed last line', () => {
      expect(split([bytes('10%\r20%\r\n'), bytes('x\r')])).toEqual(['10%\r20%', 'x\r']);
      expect(split(['a\r\r\n'])).toEqual(['a\r']);
    });

    it('joins a line split across chunks', () => {
      expect(split([bytes('al'), bytes('pha\nbe'), bytes('ta')])).toEqual(['alpha', 'beta']);
    });

    it('keeps a multi-byte character split between chunks whole', () => {
      const text = bytes('€😀\n');
      expect(split(Array.from(text, (b) => Uint8Array.of(b)))).toEqual(['€😀']);
    });

    it('takes string chunks as they are', () => {
      expect(split(['a\r', '\nb'])).toEqual(['a', 'b']);
    });
  });

  describe('.flush', () => {
    it('returns the unfinished last line, and nothing when the stream ended with a newline', () => {
      expect(split([bytes('a\nrest')])).toEqual(['a', 'rest']);
      expect(split([bytes('a\n')])).toEqual(['a']);
      expect(split([])).toEqual([]);
    });

    it('emits an incomplete UTF-8 sequence at the end as a replacement character, not silently nothing', () => {
      expect(split([bytes('€').slice(0, 2)])).toEqual(['\uFFFD']);
    });
  });

  describe('overlong lines', () => {
    it('splits a line into pieces of maxLineLength as soon as they are complete, dropping nothing', () => {
      const splitter = new LineSplitter({ maxLineLength: 8 });
      expect(splitter.push(bytes('0123456789abcdefXY'))).toEqual(['01234567', '89abcdef']);
      expect(splitter.flush()).toEqual(['XY']);
    });

    it('emits a line of exactly maxLineLength whole, with no empty piece after it, with LF or CRLF', () => {
      expect(split(['01234567\n'], 8)).toEqual(['01234567']);
      expect(split(['01234567\r', '\n'], 8)).toEqual(['01234567']);
      expect(split(['0123456789abcdef\n'], 8)).toEqual(['01234567', '89abcdef']);
    });

    it('never cuts a surrogate pair', () => {
      const lines = split([`1234567😀9\n`], 8);
      expect(lines).toEqual(['1234567', '😀9']);
    });

    it('bounds what it holds: a megabyte stream without newlines never buffers more than the limit', () => {
      const splitter = new LineSplitter({ maxLineLength: 1024 });
      const chunk = bytes('x'.repeat(1000));
      let emitted = 0;
      for (let i = 0; i < 1000; i += 1) {
        for (const line of splitter.push(chunk)) {
          expect(line.length).toBe(1024);
          emitted += line.length;
        }
      }
      const rest = splitter.flush();
      expect(emitted + rest.join('').length).toBe(1_000_000);
      expect(rest.join('').length).toBeLessThanOrEqual(1024);
    });

    it('defaults to MAX_LINE_LENGTH and refuses a limit below 2', () => {
      expect(split(['x'.repeat(MAX_LINE_LENGTH + 1)]).map((l) => l.length)).toEqual([MAX_LINE_LENGTH, 1]);
      expect(() => new LineSplitter({ maxLineLength: 1 })).toThrow(RangeError);
      expect(() => new LineSplitter({ maxLineLength: Number.NaN })).toThrow(RangeError);
    });
  });
});
