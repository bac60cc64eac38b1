/**
 * Standing probe: hostile and oversized input thrown at every validator. Each must answer with a typed
 * ValidationError (bounded in size) or accept the input; never crash with anything else. Kept from the attack
 * list of issue 12 (10 MiB labels, 100,000 labels, NUL in env, reserved labels, setuid modes) plus deep, cyclic,
 * huge and non-object input, throwing getters and Proxies, and a seeded fuzz.
 */
import { BERTH_LABELS } from '../contract/labels.js';
import { ValidationError } from '../errors/index.js';
import { MAX_VALIDATION_ISSUES } from './limits.js';
import { validateUserLabels } from './reserved-labels.js';
import {
  validateContainerFilter,
  validateContainerSpec,
  validateEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from './validate.js';

type Validator = (input: unknown) => unknown;

/**
 * Every validator, with a minimal valid input to plant hostile fields in, and whether it is strict (refuses any
 * object that is not exactly its shape). Option and filter validators ignore fields they do not know, so an odd
 * object (a Map, a 100,000-key object) may pass them as "no options".
 */
const VALIDATORS: ReadonlyArray<[string, Validator, Record<string, unknown>, boolean]> = [
  ['validateContainerSpec', validateContainerSpec, { image: 'busybox' }, true],
  ['validateExecSpec', validateExecSpec, { command: ['true'] }, true],
  ['validateVolumeSpec', validateVolumeSpec, { name: 'v' }, true],
  ['validateNetworkSpec', validateNetworkSpec, { name: 'n' }, true],
  ['validateStopOptions', validateStopOptions, {}, false],
  ['validateLogOptions', validateLogOptions, {}, false],
  ['validateStatsStreamOptions', validateStatsStreamOptions, {}, false],
  ['validateContainerFilter', validateContainerFilter, {}, false],
  ['validateEventFilter', validateEventFilter, {}, false],
  [
    'validateFileEntries',
    (file) => validateFileEntries(file === undefined ? [] : [file]),
    { path: '/f', content: '' },
    true,
  ],
  ['validateUserLabels', validateUserLabels, {}, false],
];

/** Largest message a ValidationError may carry here: 101 issues of a 200-character path and message, and change. */
const MAX_MESSAGE = 64 * 1024;

/** Runs `fn`; passes when it returns or throws a bounded ValidationError, fails on any other throw. */
function expectTypedOrAccepted(fn: () => unknown): 'accepted' | 'refused' {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (!ValidationError.is(err)) throw new Error(`not a ValidationError: ${String(err)}`);
    expect(err.code).toBe('BERTH_VALIDATION');
    expect(err.issues.length).toBeGreaterThan(0);
    expect(err.issues.length).toBeLessThanOrEqual(MAX_VALIDATION_ISSUES + 1);
    expect(err.message.length).toBeLessThan(MAX_MESSAGE);
    return 'refused';
  }
}

const expectRefused = (fn: () => unknown): void => {
  expect(expectTypedOrAccepted(fn)).toBe('refused');
};

const TEN_MIB = 'x'.repeat(10 * 1024 * 1024);
const manyEntries = (n: number, value: unknown = 'v'): Record<string, unknown> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

function deepObject(depth: number): Record<string, unknown> {
  let d: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < depth; i++) d = { a: d };
  return d;
}

function cyclic(): Record<string, unknown> {
  const c: Record<string, unknown> = { k: 'v' };
  c['self'] = c;
  return c;
}

const throwingGetterOf = (): PropertyDescriptor => ({
  enumerable: true,
  get() {
    throw new Error('getter exploded');
  },
});

const throwingProxy = (): object =>
  new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('ownKeys exploded');
      },
      get() {
        throw new Error('get exploded');
      },
      getPrototypeOf() {
        throw new Error('getPrototypeOf exploded');
      },
    },
  );

/** Values that are not objects at all. */
const NON_OBJECTS: ReadonlyArray<[string, () => unknown]> = [
  ['null', () => null],
  ['a number', () => 42],
  ['NaN', () => Number.NaN],
  ['a string', () => 'str'],
  ['a 10 MiB string', () => TEN_MIB],
  ['a boolean', () => true],
  ['a bigint', () => 10n],
  ['a symbol', () => Symbol('s')],
  ['a function', () => () => 1],
  ['an array of junk', () => [null, 1, {}, []]],
];

/** Objects no field wants: odd, huge, deep, cyclic, hostile. */
const ODD_OBJECTS: ReadonlyArray<[string, () => unknown]> = [
  ['a Map', () => new Map([['a', 'b']])],
  ['a Date', () => new Date()],
  ['a class instance', () => new (class Foo {})()],
  ['an object 100,000 keys wide', () => manyEntries(100_000)],
  ['an object 10,000 levels deep', () => deepObject(10_000)],
  ['a cyclic object', cyclic],
  ['a throwing Proxy', throwingProxy],
];

describe('validation probe', () => {
  describe.each(VALIDATORS)('%s', (_name, validate, base, strict) => {
    it.each(NON_OBJECTS)('answers %s as the whole input with a ValidationError', (_what, make) => {
      expectRefused(() => validate(make()));
    });

    it.each(ODD_OBJECTS)(
      `answers %s as the whole input with ${strict ? 'a ValidationError' : 'no crash'}`,
      (_w, make) => {
        if (strict) expectRefused(() => validate(make()));
        else expectTypedOrAccepted(() => validate(make()));
      },
    );

    it.each([...NON_OBJECTS, ...ODD_OBJECTS])('answers %s in any field with no crash', (_what, make) => {
      for (const field of [...Object.keys(base), 'labels', 'env', 'command', 'mode', 'types', 'state', 'since']) {
        expectTypedOrAccepted(() => validate({ ...base, [field]: make() }));
      }
    });

    it('answers a getter that throws with a ValidationError', () => {
      for (const field of Object.keys(base)) {
        expectRefused(() => validate(Object.defineProperties({ ...base }, { [field]: throwingGetterOf() })));
      }
      for (const field of ['labels', 'env', 'command', 'signal', 'tail', 'state']) {
        expectTypedOrAccepted(() => validate(Object.defineProperties({ ...base }, { [field]: throwingGetterOf() })));
      }
    });

    it(`answers 100,000 unknown fields with ${strict ? 'one bounded issue' : 'no crash'}`, () => {
      if (strict) expectRefused(() => validate({ ...base, ...manyEntries(100_000) }));
      else expectTypedOrAccepted(() => validate({ ...base, ...manyEntries(100_000) }));
    });
  });

  describe('labels (the attack of issue 12)', () => {
    const withLabels: ReadonlyArray<[string, (labels: unknown) => unknown]> = [
      ['container spec', (labels) => validateContainerSpec({ image: 'busybox', labels })],
      ['volume spec', (labels) => validateVolumeSpec({ name: 'v', labels })],
      ['network spec', (labels) => validateNetworkSpec({ name: 'n', labels })],
      ['container filter', (labels) => validateContainerFilter({ labels })],
      ['event filter', (labels) => validateEventFilter({ labels })],
      ['user labels', (labels) => validateUserLabels(labels)],
    ];
    it.each(withLabels)('%s: a 10 MiB value is refused', (_what, validate) => {
      expectRefused(() => validate({ big: TEN_MIB }));
    });
    it.each(withLabels)('%s: a 10 MiB key is refused', (_what, validate) => {
      expectRefused(() => validate({ [TEN_MIB]: 'v' }));
    });
    it.each(withLabels)('%s: 100,000 labels are refused with one issue', (_what, validate) => {
      try {
        validate(manyEntries(100_000));
        throw new Error('accepted');
      } catch (err) {
        if (!ValidationError.is(err)) throw err;
        expect(err.issues).toHaveLength(1);
      }
    });
    it.each(withLabels)('%s: 100,000 bad labels are refused with one issue', (_what, validate) => {
      expectRefused(() => validate(manyEntries(100_000, 1)));
    });
    it.each(withLabels)('%s: a __proto__ key from JSON is refused, and nothing is polluted', (_what, validate) => {
      expectRefused(() => validate(JSON.parse('{"__proto__":{"polluted":"yes"}}')));
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
    it('reserved berth.* labels on a user spec are refused, every one of them', () => {
      const labels = Object.fromEntries(Object.values(BERTH_LABELS).map((k) => [k, 'x']));
      expectRefused(() => validateContainerSpec({ image: 'busybox', labels }));
      expectRefused(() => validateVolumeSpec({ name: 'v', labels }));
      expectRefused(() => validateNetworkSpec({ name: 'n', labels }));
      expectRefused(() => validateUserLabels(labels));
    });
  });

  describe('env, argv and files', () => {
    it('NUL in an env value is refused (container spec and exec spec)', () => {
      expectRefused(() => validateContainerSpec({ image: 'busybox', env: { A: 'a\0b' } }));
      expectRefused(() => validateExecSpec({ command: ['true'], env: { A: 'a\0b' } }));
    });
    it('100,000 env vars, a 10 MiB env value and 100,000 arguments are refused', () => {
      expectRefused(() => validateExecSpec({ command: ['true'], env: manyEntries(100_000) }));
      expectRefused(() => validateExecSpec({ command: ['true'], env: { A: TEN_MIB } }));
      expectRefused(() => validateExecSpec({ command: Array.from({ length: 100_000 }, () => 'a') }));
      expectRefused(() => validateExecSpec({ command: [TEN_MIB] }));
    });
    it('a sparse 2^31-long argv is refused without walking it', () => {
      const command: string[] = [];
      command.length = 2 ** 31;
      expectRefused(() => validateContainerSpec({ image: 'busybox', command }));
    });
    it.each([0o4755, 0o2755, 0o1777, 0o7777, 0o10000, -1, 1.5, Number.POSITIVE_INFINITY])(
      'file mode %s is refused',
      (mode) => {
        expectRefused(() => validateFileEntries([{ path: '/f', content: '', mode }]));
      },
    );
    it('100,000 file entries and a 10 MiB path are refused', () => {
      expectRefused(() => validateFileEntries(Array.from({ length: 100_000 }, () => ({ path: '/f', content: '' }))));
      expectRefused(() => validateFileEntries([{ path: TEN_MIB, content: '' }]));
    });
  });

  describe('seeded fuzz', () => {
    /** mulberry32: a small deterministic PRNG, so a failure replays. */
    function prng(seed: number): () => number {
      let a = seed;
      return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    const FIELDS = ['image', 'command', 'env', 'labels', 'name', 'path', 'content', 'mode', 'state', 'types', 'tail'];
    function junk(rand: () => number, depth: number): unknown {
      const pick = Math.floor(rand() * 12);
      switch (pick) {
        case 0:
          return null;
        case 1:
          return Math.floor(rand() * 0o20000) - 10;
        case 2:
          return 'berth.owner';
        case 3:
          return '\0'.repeat(Math.floor(rand() * 4));
        case 4:
          return String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(rand() * 0xffff)));
        case 5:
          return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => junk(rand, depth + 1));
        case 6:
          return depth > 3
            ? {}
            : Object.fromEntries(
                Array.from({ length: Math.floor(rand() * 4) }, () => [
                  rand() < 0.3 ? 'berth.session' : FIELDS[Math.floor(rand() * FIELDS.length)],
                  junk(rand, depth + 1),
                ]),
              );
        case 7:
          return new Uint8Array(Math.floor(rand() * 8));
        case 8:
          return rand() < 0.5;
        case 9:
          return undefined;
        case 10:
          return Number.NaN;
        default:
          return 'busybox';
      }
    }

    it.each(VALIDATORS)('%s: 300 random inputs, each accepted or answered with a bounded ValidationError', (_n, v) => {
      const rand = prng(12);
      for (let i = 0; i < 300; i++) {
        const input = rand() < 0.2 ? junk(rand, 0) : Object.fromEntries(FIELDS.map((f) => [f, junk(rand, 1)]));
        expectTypedOrAccepted(() => v(input));
      }
    });
  });
});
