import { ValidationError } from '@berth/core';
import { resolveLocalDriverOptions } from './local-driver-options.js';

describe(resolveLocalDriverOptions.name, () => {
  it('defaults home to $BERTH_HOME, then ~/.berth/local', () => {
    expect(resolveLocalDriverOptions({}, { BERTH_HOME: '/srv/berth' }).home).toBe('/srv/berth');
    expect(resolveLocalDriverOptions({}, { HOME: '/h' }).home).toMatch(/\.berth\/local$/);
  });

  it('lists every bad option in a ValidationError', () => {
    let caught: unknown;
    try {
      resolveLocalDriverOptions({ home: '', cgroups: 'yes', pollIntervalMs: -1, nope: 1 });
    } catch (err) {
      caught = err;
    }
    expect(ValidationError.is(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((i) => i.path).sort()).toEqual(
      ['cgroups', 'home', 'nope', 'pollIntervalMs'].sort(),
    );
  });

  describe('isolation', () => {
    it("defaults to 'process', or to $BERTH_LOCAL_ISOLATION; the option wins", () => {
      expect(resolveLocalDriverOptions({}, {}).isolation).toBe('process');
      expect(resolveLocalDriverOptions({}, { BERTH_LOCAL_ISOLATION: 'none' }).isolation).toBe('none');
      expect(resolveLocalDriverOptions({ isolation: 'process' }, { BERTH_LOCAL_ISOLATION: 'none' }).isolation).toBe(
        'process',
      );
    });

    it('refuses an unknown value, from the option or the env', () => {
      const paths = (o: object, env: NodeJS.ProcessEnv): string[] => {
        try {
          resolveLocalDriverOptions(o, env);
        } catch (err) {
          return (err as ValidationError).issues.map((i) => i.path);
        }
        return [];
      };
      expect(paths({ isolation: 'container' }, {})).toEqual(['isolation']);
      expect(paths({}, { BERTH_LOCAL_ISOLATION: 'off' })).toEqual(['$BERTH_LOCAL_ISOLATION']);
      expect(paths({ requireIsolation: 'yes' }, {})).toEqual(['requireIsolation']);
    });

    it("refuses isolation 'none' with requireIsolation: true, from the option or the env", () => {
      expect(() => resolveLocalDriverOptions({ isolation: 'none', requireIsolation: true }, {})).toThrow(
        ValidationError,
      );
      expect(() => resolveLocalDriverOptions({ requireIsolation: true }, { BERTH_LOCAL_ISOLATION: 'none' })).toThrow(
        /contradicts requireIsolation/,
      );
    });
  });

  describe('seccomp', () => {
    it('defaults to true and takes false', () => {
      expect(resolveLocalDriverOptions({}, {}).seccomp).toBe(true);
      expect(resolveLocalDriverOptions({ seccomp: false }, {}).seccomp).toBe(false);
    });

    it('refuses a non-boolean with a ValidationError on seccomp', () => {
      let caught: unknown;
      try {
        resolveLocalDriverOptions({ seccomp: 'unconfined' }, {});
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).issues.map((i) => i.path)).toEqual(['seccomp']);
    });
  });
});
