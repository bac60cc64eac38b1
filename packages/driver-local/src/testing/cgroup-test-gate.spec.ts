import { cgroupsRequired, missingLimitsReason, REQUIRE_CGROUPS_ENV } from './cgroup-test-gate.js';

const all = { cpu: true, memory: true, pids: true, disk: false };

describe('cgroupsRequired', () => {
  it.each([['1'], ['yes']])('is true for %s', (v) => {
    expect(cgroupsRequired({ [REQUIRE_CGROUPS_ENV]: v })).toBe(true);
  });

  it.each([[undefined], [''], ['0'], ['false']])('is false for %s', (v) => {
    expect(cgroupsRequired(v === undefined ? {} : { [REQUIRE_CGROUPS_ENV]: v })).toBe(false);
  });
});

describe('missingLimitsReason', () => {
  it('is null when every needed limit is enforced', () => {
    expect(missingLimitsReason(all, ['cpu', 'memory', 'pids'])).toBeNull();
  });

  it('names the limits that are not enforced', () => {
    expect(missingLimitsReason({ ...all, memory: false, pids: false }, ['cpu', 'memory', 'pids'])).toMatch(
      /^the driver does not enforce memory, pids limits: /,
    );
  });
});
