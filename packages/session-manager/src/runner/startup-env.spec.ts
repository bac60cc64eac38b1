import { describe, expect, it } from '@jest/globals';
import { encodeStartupEnv, isStartupEnvName, warmStartupEnv } from './startup-env.js';

describe('warmStartupEnv', () => {
  it('keeps only the PYTHON*, LANG and LC_* variables, sorted by name', () => {
    const startup = warmStartupEnv({ LC_ALL: 'C', DEBUG: '1', PYTHONPATH: '/opt', LANGUAGE: 'de', LANG: 'C' });
    expect(startup).toEqual({ LANG: 'C', LC_ALL: 'C', PYTHONPATH: '/opt' });
    expect(Object.keys(startup ?? {})).toEqual(['LANG', 'LC_ALL', 'PYTHONPATH']);
  });

  it('is {} for an env without them', () => {
    expect(warmStartupEnv({ MODE: 'x' })).toEqual({});
  });

  it('is undefined when a PYTHON* name needs a fresh interpreter (PYTHONVERBOSE, an unknown one)', () => {
    expect(warmStartupEnv({ PYTHONPATH: '/opt', PYTHONVERBOSE: '1' })).toBeUndefined();
    expect(warmStartupEnv({ PYTHONSOMETHINGNEW: '1' })).toBeUndefined();
  });
});

describe('isStartupEnvName', () => {
  it('takes PYTHON*, LANG and LC_*, not LANGUAGE', () => {
    expect(['PYTHONHASHSEED', 'PYTHON_COLORS', 'LANG', 'LC_CTYPE', 'LANGUAGE', 'PATH'].map(isStartupEnvName)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('encodeStartupEnv', () => {
  it('is "-" for none and the same key whatever the order of the entries', () => {
    expect(encodeStartupEnv({})).toBe('-');
    expect(encodeStartupEnv({ LANG: 'C' })).toBe(Buffer.from('LANG=C').toString('base64'));
    expect(encodeStartupEnv({ B: '2', A: '1' })).toBe(encodeStartupEnv({ A: '1', B: '2' }));
    expect(Buffer.from(encodeStartupEnv({ B: '2', A: '1' }), 'base64').toString()).toBe('A=1\0B=2');
  });
});
