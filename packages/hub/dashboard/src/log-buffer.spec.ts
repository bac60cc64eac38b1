import { type BufferedLine, LogBuffer } from './log-buffer.js';

const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): BufferedLine => ({
  text,
  stream,
  timestamp: '2026-12-01T12:00:00.000Z',
});

const visible = (buffer: LogBuffer): string[] =>
  Array.from({ length: buffer.visibleCount }, (_, i) => buffer.visibleAt(i)?.text ?? '?');

describe(LogBuffer.name, () => {
  describe('.append', () => {
    it('keeps lines in order and counts the visible ones', () => {
      const buffer = new LogBuffer();
      expect(buffer.append([line('a'), line('b', 'stderr')])).toBe(2);
      expect(visible(buffer)).toEqual(['a', 'b']);
    });

    it('counts only the lines that pass the filter', () => {
      const buffer = new LogBuffer();
      buffer.setFilter({ query: 'err', stdout: true, stderr: true });
      expect(buffer.append([line('error 1'), line('fine'), line('ERR 2', 'stderr')])).toBe(2);
      expect(visible(buffer)).toEqual(['error 1', 'ERR 2']);
    });

    it('drops the oldest tenth past its capacity', () => {
      const buffer = new LogBuffer(100);
      buffer.append(Array.from({ length: 101 }, (_, i) => line(String(i + 1))));
      expect(buffer.size).toBe(91);
      expect(buffer.dropped).toBe(10);
      expect(buffer.visibleAt(0)?.text).toBe('11');
      expect(buffer.visibleAt(buffer.visibleCount - 1)?.text).toBe('101');
    });

    it('stays within its capacity when one batch is larger than a tenth over it', () => {
      const buffer = new LogBuffer(100);
      buffer.append(Array.from({ length: 250 }, (_, i) => line(String(i + 1))));
      expect(buffer.size).toBe(100);
      expect(buffer.dropped).toBe(150);
      expect(buffer.visibleAt(0)?.text).toBe('151');
      expect(buffer.visibleAt(buffer.visibleCount - 1)?.text).toBe('250');
    });
  });

  describe('.setFilter', () => {
    it('filters case-insensitively by substring', () => {
      const buffer = new LogBuffer();
      buffer.append([line('Hello'), line('world'), line('HELLO again')]);
      buffer.setFilter({ query: 'hello', stdout: true, stderr: true });
      expect(visible(buffer)).toEqual(['Hello', 'HELLO again']);
    });

    it('hides a stream', () => {
      const buffer = new LogBuffer();
      buffer.append([line('out'), line('err', 'stderr')]);
      buffer.setFilter({ query: '', stdout: false, stderr: true });
      expect(visible(buffer)).toEqual(['err']);
    });

    it('filters 100k lines', () => {
      const buffer = new LogBuffer();
      buffer.append(Array.from({ length: 100_000 }, (_, i) => line(String(i + 1))));
      buffer.setFilter({ query: '99999', stdout: true, stderr: true });
      expect(visible(buffer)).toEqual(['99999']);
    });
  });

  describe('.visibleText', () => {
    it('is the shown lines, stderr marked, newline-terminated', () => {
      const buffer = new LogBuffer();
      buffer.append([line('a'), line('b', 'stderr')]);
      expect(buffer.visibleText()).toBe('a\n[stderr] b\n');
    });

    it('is empty for an empty buffer', () => {
      expect(new LogBuffer().visibleText()).toBe('');
    });
  });

  describe('.clear', () => {
    it('forgets every line and the drop count', () => {
      const buffer = new LogBuffer(10);
      buffer.append(Array.from({ length: 20 }, (_, i) => line(String(i))));
      buffer.clear();
      expect([buffer.size, buffer.visibleCount, buffer.dropped]).toEqual([0, 0, 0]);
    });
  });
});
