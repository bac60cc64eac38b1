import { readLine, readLines } from './wire.js';

const AT = '2026-12-02T16:00:00.000Z';

describe('wire', () => {
  describe('readLine', () => {
    it('reads Berth’s text and stream of a log frame', () => {
      expect(readLine({ seq: 1, stream: 'stderr', text: 'boom', level: 'error', message: 'boom' }, AT)).toEqual({
        text: 'boom',
        stream: 'stderr',
        timestamp: AT,
      });
    });

    it('falls back to the seed’s message when text is missing', () => {
      expect(readLine({ level: 'info', message: 'cloned' }, AT)).toEqual({
        text: 'cloned',
        stream: 'stdout',
        timestamp: AT,
      });
    });
  });

  describe('readLines', () => {
    it('reads every line of a logs frame in order, with its own time', () => {
      const lines = [
        { seq: 1, stream: 'stdout', text: 'a', timestamp: '2026-12-02T15:59:59.000Z' },
        { seq: 2, stream: 'stderr', text: 'b', timestamp: AT, level: 'warn' },
      ];
      expect(readLines({ lines }, AT)).toEqual([
        { text: 'a', stream: 'stdout', timestamp: '2026-12-02T15:59:59.000Z' },
        { text: 'b', stream: 'stderr', timestamp: AT },
      ]);
    });

    it('skips malformed lines and a missing list', () => {
      expect(readLines({ lines: [null, 3, { seq: 1 }, { text: 'ok' }] }, AT)).toEqual([
        { text: 'ok', stream: 'stdout', timestamp: AT },
      ]);
      expect(readLines({}, AT)).toEqual([]);
    });
  });
});
