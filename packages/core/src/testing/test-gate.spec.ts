import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DriverUnavailableError } from '../errors/index.js';
import { type TestBody, type TestRunner, useTestRunner } from './runner/index.js';
import { describeWhen, envFlagSet } from './test-gate.js';

/** What a gate registered: groups, tests and skipped tests, in order, with their bodies. */
interface Recorded {
  kind: 'describe' | 'it' | 'it.skip';
  title: string;
  body: TestBody;
}

/** Runs `register` against a runner that records instead of defining tests, then puts jest's back. */
function record(register: () => void): Recorded[] {
  const out: Recorded[] = [];
  const noHook = (): void => undefined;
  const recordingDescribe = Object.assign(
    (title: string, body: () => void) => {
      out.push({ kind: 'describe', title, body });
      body();
    },
    { skip: () => undefined },
  );
  const recordingIt = Object.assign(
    (title: string, body: TestBody) => {
      out.push({ kind: 'it', title, body });
    },
    {
      skip: (title: string, body: TestBody) => {
        out.push({ kind: 'it.skip', title, body });
      },
    },
  );
  const jestRunner = { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } as unknown as TestRunner;
  useTestRunner({
    describe: recordingDescribe,
    it: recordingIt,
    expect,
    beforeAll: noHook,
    afterAll: noHook,
    beforeEach: noHook,
    afterEach: noHook,
  } as unknown as TestRunner);
  try {
    register();
  } finally {
    useTestRunner(jestRunner);
  }
  return out;
}

describe(envFlagSet.name, () => {
  it.each([['1'], ['yes'], ['true']])('is true for %s', (v) => {
    expect(envFlagSet('X_REQ', { X_REQ: v })).toBe(true);
  });

  it.each([[undefined], [''], ['0'], ['false']])('is false for %s', (v) => {
    expect(envFlagSet('X_REQ', v === undefined ? {} : { X_REQ: v })).toBe(false);
  });
});

describe(describeWhen.name, () => {
  let info: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => {
    info.mockRestore();
  });

  it('defines the group as given when there is no reason', () => {
    const body = jest.fn();
    const got = record(() => describeWhen(null, 'group', body, { requireEnv: 'X_REQ', env: { X_REQ: '1' } }));
    expect(got.map((r) => [r.kind, r.title])).toEqual([['describe', 'group']]);
    expect(body).toHaveBeenCalledTimes(1);
    expect(info).not.toHaveBeenCalled();
  });

  it('registers one skipped test naming the reason, never calling the body, when not required', () => {
    const body = jest.fn();
    const got = record(() =>
      describeWhen('no engine at tcp://127.0.0.1:1', 'group', body, {
        requireEnv: 'X_REQ',
        hint: 'run up.sh',
        env: {},
      }),
    );
    expect(got.map((r) => [r.kind, r.title])).toEqual([
      ['describe', 'group'],
      ['it.skip', 'skipped: no engine at tcp://127.0.0.1:1; run up.sh; set X_REQ=1 to fail instead'],
    ]);
    expect(body).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith(
      '[berth] skipping "group" (no engine at tcp://127.0.0.1:1; run up.sh; set X_REQ=1 to fail instead)',
    );
  });

  it('skips without a require switch', () => {
    const got = record(() => describeWhen('driver declares capabilities.exec = false', 'g', () => undefined));
    expect(got.map((r) => [r.kind, r.title])).toEqual([
      ['describe', 'g'],
      ['it.skip', 'skipped: driver declares capabilities.exec = false'],
    ]);
  });

  it('registers one failing test throwing DriverUnavailableError when the env demands the dependency', () => {
    const body = jest.fn();
    const got = record(() =>
      describeWhen('no engine', 'group', body, { requireEnv: 'X_REQ', hint: 'run up.sh', env: { X_REQ: '1' } }),
    );
    expect(got.map((r) => r.kind)).toEqual(['describe', 'it']);
    expect(body).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    const test = got[1];
    expect(test).toBeDefined();
    expect(() => test?.body()).toThrow(DriverUnavailableError);
    expect(() => test?.body()).toThrow('X_REQ is set but no engine; run up.sh');
  });
});
