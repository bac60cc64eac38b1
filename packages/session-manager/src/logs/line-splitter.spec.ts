import { LineSplitter } from './line-splitter.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe(LineSplitter.name, () => {
  let lines: string[];
  let splitter: LineSplitter;

  beforeEach(() => {
    lines = [];
    splitter = new LineSplitter((line) => lines.push(line), 8);
  });

  describe('.push', () => {
    it('emits each complete line without its newline', () => {
      splitter.push(bytes('one\ntwo\n'));
      expect(lines).toEqual(['one', 'two']);
    });

    it('joins a line split across chunks', () => {
      splitter.push(bytes('al'));
      expect(lines).toEqual([]);
      splitter.push(bytes('pha\nbe'));
      expect(lines).toEqual(['alpha']);
    });

    it('keeps a multi-byte character split between chunks whole', () => {
      const euro = bytes('€\n');
      splitter.push(euro.slice(0, 1));
      splitter.push(euro.slice(1));
      expect(lines).toEqual(['€']);
    });

    it('emits empty lines', () => {
      splitter.push(bytes('\n\nx\n'));
      expect(lines).toEqual(['', '', 'x']);
    });

    it('emits an over-long line in pieces', () => {
      splitter.push(bytes('0123456789abcdefXY'));
      expect(lines).toEqual(['01234567', '89abcdef']);
      splitter.flush();
      expect(lines).toEqual(['01234567', '89abcdef', 'XY']);
    });
  });

  describe('.flush', () => {
    it('emits the unfinished last line', () => {
      splitter.push(bytes('a\nrest'));
      splitter.flush();
      expect(lines).toEqual(['a', 'rest']);
    });

    it('emits nothing when the stream ended with a newline', () => {
      splitter.push(bytes('a\n'));
      splitter.flush();
      expect(lines).toEqual(['a']);
    });
  });
});
