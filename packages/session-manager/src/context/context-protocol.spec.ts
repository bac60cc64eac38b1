import { encodeInterruptRequest, encodeRunRequest, parseContextEvent } from './context-protocol.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('parseContextEvent', () => {
  it('parses ready, output pieces and a display bundle, ignoring malformed MIME names', () => {
    expect(parseContextEvent('ready 123')).toEqual({ kind: 'ready' });
    expect(parseContextEvent(`4 out ${b64('hé\n')}`)).toEqual({ kind: 'out', id: 4, text: 'hé\n' });
    expect(parseContextEvent('4 err -')).toEqual({ kind: 'err', id: 4, text: '' });
    expect(parseContextEvent(`4 display text/html=${b64('<b>')} Bad=${b64('x')} image/png=${b64('iVBO')}`)).toEqual({
      kind: 'display',
      id: 4,
      bundle: { 'text/html': '<b>', 'image/png': 'iVBO' },
    });
  });

  it('parses done with and without text and error', () => {
    expect(parseContextEvent(`7 done 0 ${b64('42')} - - -`)).toEqual({ kind: 'done', id: 7, exitCode: 0, text: '42' });
    expect(parseContextEvent(`7 done 1 - ${b64('ValueError')} - ${b64('tb')}`)).toEqual({
      kind: 'done',
      id: 7,
      exitCode: 1,
      error: { name: 'ValueError', value: '', traceback: 'tb' },
    });
  });

  it('returns null for lines that are no event', () => {
    expect(parseContextEvent('x out AA==')).toBeNull();
    expect(parseContextEvent('3 done x - - - -')).toBeNull();
    expect(parseContextEvent('3 whatever')).toBeNull();
  });
});

describe('encodeRunRequest / encodeInterruptRequest', () => {
  it('puts the code on one line whatever it contains, and marks empty code with -', () => {
    const line = encodeRunRequest(7, 'print("a")\nprint(\'b\')\n', 500);
    expect(line.split('\n')).toHaveLength(2);
    expect(line.startsWith('7 run 500 ')).toBe(true);
    expect(encodeRunRequest(8, '', 1)).toBe('8 run 1 -\n');
    expect(encodeInterruptRequest(7)).toBe('7 interrupt\n');
  });
});
