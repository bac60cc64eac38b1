import { ValidationError, type ValidationIssue } from '../errors/index.js';
import {
  MAX_ARG_STRING_BYTES,
  MAX_ARGV_BYTES,
  MAX_ARGV_ITEMS,
  MAX_ENUM_LIST_ITEMS,
  MAX_ENV_BYTES,
  MAX_ENV_VARS,
  MAX_EXEC_STDIN_BYTES,
  MAX_FILE_CONTENT_BYTES,
  MAX_FILE_ENTRIES,
  MAX_FILES_TOTAL_BYTES,
  MAX_IDENTIFIER_LENGTH,
  MAX_ISSUE_TEXT_LENGTH,
  MAX_LABEL_KEY_LENGTH,
  MAX_LABEL_VALUE_BYTES,
  MAX_LABELS,
  MAX_LABELS_BYTES,
  MAX_PATH_BYTES,
  MAX_PATH_COMPONENT_BYTES,
  MAX_SPEC_LIST_ITEMS,
  MAX_VALIDATION_ISSUES,
} from './limits.js';
import {
  validateContainerFilter,
  validateContainerSpec,
  validateEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateNetworkSpec,
  validateVolumeSpec,
} from './validate.js';

function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

const pathsOf = (fn: () => unknown): string[] => issuesOf(fn).map((i) => i.path);

/** `n` labels `k0..k{n-1}` with the value `v`. */
function labels(n: number, v = 'v'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, v]));
}

/** A string of `bytes` UTF-8 bytes made of two-byte characters (so its length is half its byte size). */
const twoByte = (bytes: number): string => 'é'.repeat(bytes / 2);

describe('env bounds', () => {
  describe.each([
    ['validateContainerSpec', (env: unknown) => validateContainerSpec({ image: 'busybox', env })],
    ['validateExecSpec', (env: unknown) => validateExecSpec({ command: ['true'], env })],
  ])('%s', (_name, validate) => {
    it('refuses a NUL in a value, naming the key', () => {
      const issues = issuesOf(() => validate({ OK: 'fine', BAD: 'a\0b' }));
      expect(issues.map((i) => i.path)).toEqual(['env.BAD']);
      expect(issues[0]?.message).toMatch(/NUL/);
    });
    it('refuses a NUL in a name', () => {
      expect(pathsOf(() => validate({ 'A\0B': 'x' }))).toEqual(['env.A\0B']);
    });
    it(`refuses more than MAX_ENV_VARS (${MAX_ENV_VARS}) variables`, () => {
      expect(pathsOf(() => validate(labels(MAX_ENV_VARS + 1)))).toEqual(['env']);
    });
    it('accepts exactly MAX_ENV_VARS variables', () => {
      expect(() => validate(labels(MAX_ENV_VARS))).not.toThrow();
    });
    it('refuses one NAME=value entry over MAX_ARG_STRING_BYTES, naming the key', () => {
      // 'BIG=' (4) + value + NUL (1): one byte over
      expect(pathsOf(() => validate({ BIG: 'x'.repeat(MAX_ARG_STRING_BYTES - 4) }))).toEqual(['env.BIG']);
      expect(() => validate({ BIG: 'x'.repeat(MAX_ARG_STRING_BYTES - 5) })).not.toThrow();
    });
    it('counts a value in UTF-8 bytes, not characters', () => {
      expect(pathsOf(() => validate({ BIG: twoByte(MAX_ARG_STRING_BYTES) }))).toEqual(['env.BIG']);
    });
    it('refuses a map over MAX_ENV_BYTES in all', () => {
      const each = Math.floor(MAX_ARG_STRING_BYTES / 2);
      const n = Math.ceil(MAX_ENV_BYTES / each) + 1;
      expect(pathsOf(() => validate(labels(n, 'x'.repeat(each))))).toEqual(['env']);
    });
  });
});

describe('label bounds', () => {
  describe.each([
    ['validateContainerSpec', (l: unknown) => validateContainerSpec({ image: 'busybox', labels: l })],
    ['validateVolumeSpec', (l: unknown) => validateVolumeSpec({ name: 'v', labels: l })],
    ['validateNetworkSpec', (l: unknown) => validateNetworkSpec({ name: 'n', labels: l })],
    ['validateContainerFilter', (l: unknown) => validateContainerFilter({ labels: l })],
    ['validateEventFilter', (l: unknown) => validateEventFilter({ labels: l })],
  ])('%s', (_name, validate) => {
    it(`refuses more than MAX_LABELS (${MAX_LABELS}) labels with one issue`, () => {
      expect(pathsOf(() => validate(labels(MAX_LABELS + 1)))).toEqual(['labels']);
    });
    it('accepts exactly MAX_LABELS labels', () => {
      expect(() => validate(labels(MAX_LABELS))).not.toThrow();
    });
    it(`refuses a key longer than MAX_LABEL_KEY_LENGTH (${MAX_LABEL_KEY_LENGTH})`, () => {
      const issues = issuesOf(() => validate({ [`a${'b'.repeat(MAX_LABEL_KEY_LENGTH)}`]: 'v' }));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toMatch(/^labels\.ab+/);
      expect(() => validate({ [`a${'b'.repeat(MAX_LABEL_KEY_LENGTH - 1)}`]: 'v' })).not.toThrow();
    });
    it(`refuses a value over MAX_LABEL_VALUE_BYTES (${MAX_LABEL_VALUE_BYTES}), counted in UTF-8 bytes`, () => {
      expect(pathsOf(() => validate({ big: twoByte(MAX_LABEL_VALUE_BYTES + 2) }))).toEqual(['labels.big']);
      expect(() => validate({ big: twoByte(MAX_LABEL_VALUE_BYTES) })).not.toThrow();
    });
    it(`refuses a map over MAX_LABELS_BYTES (${MAX_LABELS_BYTES}) in all`, () => {
      const n = Math.ceil(MAX_LABELS_BYTES / MAX_LABEL_VALUE_BYTES) + 1;
      expect(pathsOf(() => validate(labels(n, 'x'.repeat(MAX_LABEL_VALUE_BYTES))))).toEqual(['labels']);
    });
    it('refuses a NUL in a value', () => {
      expect(pathsOf(() => validate({ a: 'x\0y' }))).toEqual(['labels.a']);
    });
    it('refuses an array', () => {
      expect(pathsOf(() => validate(['a']))).toEqual(['labels']);
    });
  });
});

describe('file entry bounds', () => {
  it.each([
    ['setuid', 0o4755],
    ['setgid', 0o2755],
    ['sticky', 0o1777],
    ['all special bits', 0o7777],
  ])('refuses a %s mode', (_what, mode) => {
    const issues = issuesOf(() => validateFileEntries([{ path: '/a', content: 'x', mode }]));
    expect(issues.map((i) => i.path)).toEqual(['0.mode']);
    expect(issues[0]?.message).toMatch(/0o777/);
  });
  it('accepts plain permission bits', () => {
    expect(() =>
      validateFileEntries([
        { path: '/a', content: 'x', mode: 0o777 },
        { path: '/b', content: 'x', mode: 0o644 },
        { path: '/c', content: 'x', mode: 0 },
      ]),
    ).not.toThrow();
  });
  it(`refuses a path over MAX_PATH_BYTES (${MAX_PATH_BYTES})`, () => {
    const long = `/${Array.from({ length: 20 }, () => 'd'.repeat(250)).join('/')}`;
    expect(pathsOf(() => validateFileEntries([{ path: long, content: '' }]))).toEqual(['0.path']);
  });
  it(`refuses a path component over MAX_PATH_COMPONENT_BYTES (${MAX_PATH_COMPONENT_BYTES})`, () => {
    const path = `/tmp/${'n'.repeat(MAX_PATH_COMPONENT_BYTES + 1)}`;
    expect(pathsOf(() => validateFileEntries([{ path, content: '' }]))).toEqual(['0.path']);
    expect(() => validateFileEntries([{ path: `/tmp/${'n'.repeat(255)}`, content: '' }])).not.toThrow();
  });
  it(`refuses more than MAX_FILE_ENTRIES (${MAX_FILE_ENTRIES}) entries with one issue`, () => {
    const files = Array.from({ length: MAX_FILE_ENTRIES + 1 }, (_, i) => ({ path: `f${i}`, content: '' }));
    expect(pathsOf(() => validateFileEntries(files))).toEqual(['']);
  });
  it(`refuses one content over MAX_FILE_CONTENT_BYTES (${MAX_FILE_CONTENT_BYTES})`, () => {
    const content = new Uint8Array(MAX_FILE_CONTENT_BYTES + 1); // zero pages: not resident until written
    expect(pathsOf(() => validateFileEntries([{ path: '/big', content }]))).toEqual(['0.content']);
  });
  it(`refuses a call over MAX_FILES_TOTAL_BYTES (${MAX_FILES_TOTAL_BYTES}) in all`, () => {
    const content = new Uint8Array(MAX_FILE_CONTENT_BYTES);
    const n = MAX_FILES_TOTAL_BYTES / MAX_FILE_CONTENT_BYTES + 1;
    const files = Array.from({ length: n }, (_, i) => ({ path: `/f${i}`, content }));
    expect(pathsOf(() => validateFileEntries(files))).toEqual(['']);
  });
});

describe('argv and exec bounds', () => {
  it(`refuses more than MAX_ARGV_ITEMS (${MAX_ARGV_ITEMS}) arguments`, () => {
    const command = Array.from({ length: MAX_ARGV_ITEMS + 1 }, () => 'a');
    expect(pathsOf(() => validateExecSpec({ command }))).toEqual(['command']);
    expect(pathsOf(() => validateContainerSpec({ image: 'busybox', entrypoint: command }))).toEqual(['entrypoint']);
  });
  it('refuses one argument over MAX_ARG_STRING_BYTES, naming its index', () => {
    const command = ['sh', 'x'.repeat(MAX_ARG_STRING_BYTES)];
    expect(pathsOf(() => validateExecSpec({ command }))).toEqual(['command.1']);
  });
  it(`refuses an argv over MAX_ARGV_BYTES (${MAX_ARGV_BYTES}) in all`, () => {
    const arg = 'x'.repeat(MAX_ARG_STRING_BYTES / 2);
    const command = Array.from({ length: MAX_ARGV_BYTES / arg.length + 1 }, () => arg);
    expect(pathsOf(() => validateContainerSpec({ image: 'busybox', command }))).toEqual(['command']);
    expect(pathsOf(() => validateContainerSpec({ image: 'busybox', healthcheck: { command } }))).toEqual([
      'healthcheck.command',
    ]);
  });
  it(`refuses stdin over MAX_EXEC_STDIN_BYTES (${MAX_EXEC_STDIN_BYTES})`, () => {
    const stdin = new Uint8Array(MAX_EXEC_STDIN_BYTES + 1);
    expect(pathsOf(() => validateExecSpec({ command: ['cat'], stdin }))).toEqual(['stdin']);
  });
  it(`refuses an ExecSpec user longer than MAX_IDENTIFIER_LENGTH (${MAX_IDENTIFIER_LENGTH})`, () => {
    expect(pathsOf(() => validateExecSpec({ command: ['id'], user: 'u'.repeat(MAX_IDENTIFIER_LENGTH + 1) }))).toEqual([
      'user',
    ]);
  });
  it('refuses a workingDir over MAX_PATH_BYTES', () => {
    const workingDir = `/${'d/'.repeat(Math.ceil(MAX_PATH_BYTES / 2))}`;
    expect(pathsOf(() => validateExecSpec({ command: ['pwd'], workingDir }))).toEqual(['workingDir']);
  });
});

describe('container spec list and identifier bounds', () => {
  const spec = (fields: Record<string, unknown>) => () => validateContainerSpec({ image: 'busybox', ...fields });
  it(`refuses more than MAX_SPEC_LIST_ITEMS (${MAX_SPEC_LIST_ITEMS}) volumes`, () => {
    const volumes = Array.from({ length: MAX_SPEC_LIST_ITEMS + 1 }, (_, i) => ({ source: `v${i}`, target: `/m${i}` }));
    expect(pathsOf(spec({ volumes }))).toEqual(['volumes']);
  });
  it('refuses more than MAX_SPEC_LIST_ITEMS ports', () => {
    const ports = Array.from({ length: MAX_SPEC_LIST_ITEMS + 1 }, (_, i) => ({ containerPort: i + 1 }));
    expect(pathsOf(spec({ ports }))).toEqual(['ports']);
  });
  it(`refuses more than MAX_ENUM_LIST_ITEMS (${MAX_ENUM_LIST_ITEMS}) capabilities`, () => {
    const add = Array.from({ length: MAX_ENUM_LIST_ITEMS + 1 }, () => 'CHOWN');
    expect(pathsOf(spec({ security: { capabilities: { add } } }))).toEqual(['security.capabilities.add']);
  });
  it('refuses a network or user longer than MAX_IDENTIFIER_LENGTH', () => {
    const long = 'n'.repeat(MAX_IDENTIFIER_LENGTH + 1);
    expect(pathsOf(spec({ network: long, security: { user: long } })).sort()).toEqual(['network', 'security.user']);
  });
  it('refuses a bind source over MAX_PATH_BYTES', () => {
    const source = `/${'s/'.repeat(Math.ceil(MAX_PATH_BYTES / 2))}`;
    expect(pathsOf(spec({ volumes: [{ source, target: '/x', type: 'bind' }] }))).toEqual(['volumes.0.source']);
  });
});

describe('filter bounds', () => {
  it('refuses more than MAX_ENUM_LIST_ITEMS states or event types', () => {
    const state = Array.from({ length: MAX_ENUM_LIST_ITEMS + 1 }, () => 'running');
    const types = Array.from({ length: MAX_ENUM_LIST_ITEMS + 1 }, () => 'created');
    expect(pathsOf(() => validateContainerFilter({ state }))).toEqual(['state']);
    expect(pathsOf(() => validateEventFilter({ types }))).toEqual(['types']);
  });
  it('refuses identifiers longer than MAX_IDENTIFIER_LENGTH', () => {
    const long = 'x'.repeat(MAX_IDENTIFIER_LENGTH + 1);
    expect(pathsOf(() => validateContainerFilter({ sessionId: long, name: long })).sort()).toEqual([
      'name',
      'sessionId',
    ]);
    expect(pathsOf(() => validateEventFilter({ containerId: long, sessionId: long })).sort()).toEqual([
      'containerId',
      'sessionId',
    ]);
  });
});

describe('ValidationError size', () => {
  it(`lists at most MAX_VALIDATION_ISSUES (${MAX_VALIDATION_ISSUES}) issues and says how many more`, () => {
    const env = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`A=${i}`, 'x']));
    const issues = issuesOf(() => validateContainerSpec({ image: 'busybox', env }));
    expect(issues).toHaveLength(MAX_VALIDATION_ISSUES + 1);
    expect(issues[MAX_VALIDATION_ISSUES]?.message).toMatch(/400 more/);
  });
  it('does not repeat a huge key or unknown field back in full', () => {
    const huge = 'k'.repeat(1_000_000);
    for (const fn of [
      () => validateContainerSpec({ image: 'busybox', labels: { [huge]: 'v' } }),
      () => validateContainerSpec({ image: 'busybox', [huge]: 1 }),
      () => validateExecSpec({ command: ['true'], env: { [`${huge}=`]: 'v' } }),
    ]) {
      try {
        fn();
        throw new Error('expected a ValidationError');
      } catch (err) {
        if (!ValidationError.is(err)) throw err;
        for (const issue of err.issues) {
          expect(issue.path.length).toBeLessThanOrEqual(MAX_ISSUE_TEXT_LENGTH * 2);
          expect(issue.message.length).toBeLessThanOrEqual(MAX_ISSUE_TEXT_LENGTH);
        }
        expect(err.message.length).toBeLessThan(10_000);
      }
    }
  });
});
