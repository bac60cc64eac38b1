import { describe, expect, it } from '@jest/globals';
import { type DriverCapabilities, FULL_CAPABILITIES } from '../contract/index.js';
import { hasCapability, skipReason } from './capability-gate.js';

const caps = (patch: Partial<DriverCapabilities>): DriverCapabilities => ({ ...FULL_CAPABILITIES, ...patch });

describe(hasCapability.name, () => {
  it('reads boolean capabilities, resource limits and isolation', () => {
    expect(hasCapability(caps({ volumes: false }), 'volumes')).toBe(false);
    expect(hasCapability(caps({}), 'volumes')).toBe(true);
    const noMemory = caps({ resourceLimits: { cpu: true, memory: false, pids: true, disk: true } });
    expect(hasCapability(noMemory, 'resourceLimits.memory')).toBe(false);
    expect(hasCapability(noMemory, 'resourceLimits.cpu')).toBe(true);
    expect(hasCapability(caps({ isolation: 'none' }), 'isolation')).toBe(false);
    expect(hasCapability(caps({ isolation: 'process' }), 'isolation')).toBe(true);
  });
});

describe(skipReason.name, () => {
  it('is null when everything required is declared', () => {
    expect(skipReason(caps({}), ['exec', 'files'])).toBeNull();
  });

  it('names every missing capability', () => {
    expect(skipReason(caps({ exec: false, isolation: 'none' }), ['exec', 'files', 'isolation'])).toBe(
      "driver declares capabilities.exec = false, capabilities.isolation = 'none'",
    );
  });
});
