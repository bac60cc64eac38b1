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
});
