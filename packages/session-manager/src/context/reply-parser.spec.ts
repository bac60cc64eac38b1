import { ReplyParser } from './reply-parser.js';

describe(ReplyParser.name, () => {
  describe('.feed', () => {
    it('returns a reply split across chunks once its line is complete', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('\n@@D@@1 0 ND')).toEqual([]);
      expect(p.feed('IK -\n')).toEqual([{ line: '1 0 NDIK -', stray: '' }]);
    });

    it('returns output written outside replies as stray text', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('raw fd write\n@@D@@ready\n')).toEqual([{ line: 'ready', stray: 'raw fd write' }]);
    });

    it('returns several replies of one chunk in order', () => {
      const p = new ReplyParser('@@D@@');
      expect(p.feed('\n@@D@@ready\n\n@@D@@1 0 - -\n').map((r) => r.line)).toEqual(['ready', '1 0 - -']);
    });
  });
});
