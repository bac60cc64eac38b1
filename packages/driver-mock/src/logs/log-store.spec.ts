import type { LogLine } from '@berth/core';
import { LogStore } from './log-store.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const texts = (lines: readonly LogLine[]): string[] => lines.map((l) => `${l.stream}:${l.text}`);

describe(LogStore.name, () => {
  let store: LogStore;

  beforeEach(() => {
    store = new LogStore();
  });

  afterEach(() => store.close());

  describe('.append', () => {
    it("ends a line at \\n and drops a CRLF's \\r, as every driver does", () => {
      store.append('stdout', bytes('a\r\nb\n'));
      expect(texts(store.select())).toEqual(['stdout:a', 'stdout:b']);
    });

    it('keeps a \\r that is not part of a CRLF', () => {
      store.append('stdout', bytes('50%\r100%\n'));
      expect(texts(store.select())).toEqual(['stdout:50%\r100%']);
    });

    it('keeps a CRLF whole across chunks', () => {
      store.append('stdout', bytes('a\r'));
      store.append('stdout', bytes('\nb\n'));
      expect(texts(store.select())).toEqual(['stdout:a', 'stdout:b']);
    });

    it('decodes a UTF-8 character split between chunks', () => {
      const euro = bytes('€\n');
      store.append('stdout', euro.subarray(0, 1));
      store.append('stdout', euro.subarray(1));
      expect(texts(store.select())).toEqual(['stdout:€']);
    });

    it('buffers each stream apart until its own newline', () => {
      store.append('stdout', bytes('out'));
      store.append('stderr', bytes('err\n'));
      store.append('stdout', bytes('put\n'));
      expect(texts(store.select())).toEqual(['stderr:err', 'stdout:output']);
    });

    it('pushes each complete line to lines$', () => {
      const seen: string[] = [];
      store.lines$.subscribe((l) => seen.push(l.text));
      store.append('stdout', bytes('x\ny'));
      expect(seen).toEqual(['x']);
    });
  });

  describe('.flush', () => {
    it('ends the unterminated last line of each stream (exit), keeping a final \\r', () => {
      store.append('stdout', bytes('last\r'));
      store.append('stderr', bytes('tail'));
      store.flush();
      expect(texts(store.select())).toEqual(['stdout:last\r', 'stderr:tail']);
    });

    it('adds nothing when no line is open', () => {
      store.append('stdout', bytes('done\n'));
      store.flush();
      expect(texts(store.select())).toEqual(['stdout:done']);
    });
  });

  describe('.appendText', () => {
    it('adds whole lines by the same rule: CRLF, a trailing newline, an unterminated last line', () => {
      store.appendText('stderr', 'a\r\nb\nc');
      store.appendText('stderr', 'd\n');
      expect(texts(store.select())).toEqual(['stderr:a', 'stderr:b', 'stderr:c', 'stderr:d']);
    });

    it('does not mix with a line open on the same stream', () => {
      store.append('stdout', bytes('open'));
      store.appendText('stdout', 'whole\n');
      store.append('stdout', bytes('ed\n'));
      expect(texts(store.select())).toEqual(['stdout:whole', 'stdout:opened']);
    });
  });
});
