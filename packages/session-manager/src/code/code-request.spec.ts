import { ValidationError } from '@berth/core';
import { validateExecuteCodeRequest } from './code-request.js';
import { transpileTypeScript } from './transpile-typescript.js';

describe('validateExecuteCodeRequest', () => {
  it("accepts the seed's timeout and returns it as timeoutMs", () => {
    expect(validateExecuteCodeRequest({ language: 'python', code: 'print(1)', timeout: 30000 })).toEqual({
      language: 'python',
      code: 'print(1)',
      timeoutMs: 30000,
    });
  });

  it('refuses timeout and timeoutMs with different values', () => {
    expect(() => validateExecuteCodeRequest({ language: 'bash', code: '', timeout: 1, timeoutMs: 2 })).toThrow(
      ValidationError,
    );
  });

  it('accepts every supported language', () => {
    for (const language of ['python', 'javascript', 'typescript', 'bash'] as const) {
      expect(validateExecuteCodeRequest({ language, code: '' }).language).toBe(language);
    }
  });

  it('throws ValidationError for an unknown language or non-string code', () => {
    expect(() => validateExecuteCodeRequest({ language: 'cobol', code: 'x' })).toThrow(ValidationError);
    expect(() => validateExecuteCodeRequest({ language: 'python', code: 42 })).toThrow(ValidationError);
    expect(() => validateExecuteCodeRequest({ language: 'python', code: 'x', timeoutMs: 0 })).toThrow(ValidationError);
  });
});

describe('transpileTypeScript', () => {
  it('strips types and keeps the program', () => {
    const js = transpileTypeScript('const n: number = 41; console.log(n + 1);');
    expect(js).toContain('const n = 41;');
    expect(js).not.toContain(': number');
  });
});
