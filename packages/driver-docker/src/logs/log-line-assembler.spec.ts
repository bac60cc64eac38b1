import { LogLineAssembler, splitTimestamp } from './log-line-assembler.js';

describe(splitTimestamp.name, () => {
  it('splits an RFC3339Nano prefix and keeps millisecond precision', () => {
    const { timestamp, text } = splitTimestamp('2026-12-01T12:00:00.123456789Z hello world', new Date(0));
    expect(timestamp.toISOString()).toBe('2026-12-01T12:00:00.123Z');
    expect(text).toBe('hello world');
  });
  it('accepts a prefix without fraction and with an offset', () => {
    expect(splitTimestamp('2026-12-01T12:00:00+01:00 x', new Date(0)).timestamp.toISOString()).toBe(
      '2026-12-01T11:00:00.000Z',
    );
  });
  it('keeps a line without prefix and uses the fallback time', () => {
    const fallback = new Date(5);
    expect(splitTimestamp('no prefix', fallback)).toEqual({ timestamp: fallback, text: 'no prefix' });
  });
});

describe(LogLineAssembler.name, () => {
  it('reassembles lines per stream across frames, with their timestamps', () => {
    const a = new LogLineAssembler(true);
    const lines = [
      ...a.push({ stream: 'stdout', data: Buffer.from('2026-12-01T12:00:00.1Z hel') }),
      ...a.push({ stream: 'stderr', data: Buffer.from('2026-12-01T12:00:00.2Z oops\n') }),
      ...a.push({ stream: 'stdout', data: Buffer.from('lo\n2026-12-01T12:00:00.3Z bye') }),
      ...a.flush(),
    ];
    expect(lines.map((l) => [l.stream, l.text, l.timestamp.toISOString()])).toEqual([
      ['stderr', 'oops', '2026-12-01T12:00:00.200Z'],
      ['stdout', 'hello', '2026-12-01T12:00:00.100Z'],
      ['stdout', 'bye', '2026-12-01T12:00:00.300Z'],
    ]);
  });
  it('decodes multi-byte characters split between frames and drops \\r of TTY lines', () => {
    const a = new LogLineAssembler(false);
    const euro = Buffer.from('€\r\n');
    const lines = [
      ...a.push({ stream: 'stdout', data: euro.subarray(0, 1) }),
      ...a.push({ stream: 'stdout', data: euro.subarray(1) }),
    ];
    expect(lines.map((l) => l.text)).toEqual(['€']);
  });
});
