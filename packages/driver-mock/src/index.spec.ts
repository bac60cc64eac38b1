import { describe, expect, it } from '@jest/globals';
import * as api from './index.js';

/**
 * Every value the package exports: its public API, listed once here so a leaked internal (a collaborator such as
 * `CallGate`, or a building block such as `ShellProcess` or `VirtualFs`) fails this spec.
 */
const PUBLIC_VALUES = [
  'DEFAULT_MOCK_IMAGES',
  'MockDriver',
  'MockFaults',
  'createMockDriver',
  'mockDriverModule',
  'normalizeImageRef',
];

// The exported types, named once so that removing one fails the typecheck of this spec.
type PublicTypes = [
  api.ErrorFactory,
  api.ExecHandler,
  api.ExecHandlerContext,
  api.ExecHandlerResult,
  api.ExecMatcher,
  api.FailNextOptions,
  api.FaultDecision,
  api.FaultScope,
  api.ImageBehaviour,
  api.LatencySpec,
  api.MockCall,
  api.MockDriverOptions,
  api.StatsGenerator,
];

describe('@berth/driver-mock public API', () => {
  it('exports exactly the listed values (no collaborator or building block of the driver leaks)', () => {
    expect(Object.keys(api).sort()).toEqual([...PUBLIC_VALUES].sort());
  });

  it('names every exported type (the typecheck of this spec fails when one goes)', () => {
    const types: PublicTypes | undefined = undefined;
    expect(types).toBeUndefined();
  });
});
