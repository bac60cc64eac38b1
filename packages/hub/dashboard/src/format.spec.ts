import { formatAge, formatBytes, formatDuration, formatLabels, formatTtl, plural, shortId } from './format.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

describe(formatDuration.name, () => {
  it.each([
    [0, '0s'],
    [42_000, '42s'],
    [185_000, '3m 05s'],
    [7_620_000, '2h 07m'],
    [273_600_000, '3d 4h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe(formatAge.name, () => {
  it('is the time since creation', () => {
    expect(formatAge('2026-12-01T11:59:18.000Z', NOW)).toBe('42s');
  });
  it('is a dash for a bad date', () => {
    expect(formatAge('nope', NOW)).toBe('—');
  });
});

describe(formatTtl.name, () => {
  it('is the time left', () => {
    expect(formatTtl('2026-12-01T13:00:00.000Z', NOW)).toBe('1h 00m');
  });
  it('says expired once passed', () => {
    expect(formatTtl('2026-12-01T11:00:00.000Z', NOW)).toBe('expired');
  });
  it('is a dash without one', () => {
    expect(formatTtl(undefined, NOW)).toBe('—');
  });
});

describe(formatBytes.name, () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [268_435_456, '256.0 MiB'],
    [Number.NaN, '0 B'],
  ])('formats %d as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe(shortId.name, () => {
  it('shortens a 64-hex id to 12 characters', () => {
    expect(shortId('a'.repeat(64))).toBe('a'.repeat(12));
  });
  it('keeps other ids', () => {
    expect(shortId('c-1a2b')).toBe('c-1a2b');
  });
});

describe(formatLabels.name, () => {
  it('lists own labels first, berth.* last', () => {
    expect(formatLabels({ 'berth.managed': 'true', team: 'a', app: 'x' })).toEqual([
      'app=x',
      'team=a',
      'berth.managed=true',
    ]);
  });
});

describe(plural.name, () => {
  it.each([
    [0, '0 lines'],
    [1, '1 line'],
    [2, '2 lines'],
  ])('counts %d as %s', (n, text) => {
    expect(plural(n, 'line')).toBe(text);
  });
});
