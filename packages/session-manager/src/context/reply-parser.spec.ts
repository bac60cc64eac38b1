import { ReplyParser } from './reply-parser.js';

describe(ReplyParser.name, () => {
  describe('.feed', () => {
    it('returns a reply split across chunks once its line is complete', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('\n@@D@@{"id":1,"std')).toEqual([]);
      expect(p.feed('out":"2\\n"}\n')).toEqual([{ message: { id: 1, stdout: '2\n' }, stray: '' }]);
    });

    it('returns output written outside replies as stray text', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('raw fd write\n@@D@@{"id":2}\n')).toEqual([{ message: { id: 2 }, stray: 'raw fd write' }]);
    });

    it('returns several replies of one chunk in order', () => {
      const p = new ReplyParser('@@D@@');
      const out = p.feed('\n@@D@@{"ready":true}\n\n@@D@@{"id":1}\n');
      expect(out.map((r) => r.message)).toEqual([{ ready: true }, { id: 1 }]);
    });

    it('treats malformed JSON after the delimiter as stray output', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('@@D@@{oops\n')).toEqual([{ message: {}, stray: '{oops\n' }]);
    });
  });
});
