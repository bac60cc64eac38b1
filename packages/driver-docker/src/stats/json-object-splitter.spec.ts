import { JsonObjectSplitter } from './json-object-splitter.js';

describe(JsonObjectSplitter.name, () => {
  describe('.push', () => {
    it('parses objects split across chunks at any byte', () => {
      const text = '{"a":1,"s":"x}{\\"y"}\n{"b":{"c":[1,2]}}\n';
      const bytes = new TextEncoder().encode(text);
      const splitter = new JsonObjectSplitter();
      const out: unknown[] = [];
      for (const b of bytes) out.push(...splitter.push(Uint8Array.of(b)));
      expect(out).toEqual([{ a: 1, s: 'x}{"y' }, { b: { c: [1, 2] } }]);
    });
    it('returns several objects from one chunk', () => {
      expect(new JsonObjectSplitter().push(new TextEncoder().encode('{"a":1}{"a":2}'))).toEqual([{ a: 1 }, { a: 2 }]);
    });
  });
});
