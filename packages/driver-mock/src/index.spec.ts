import { describe, expect, it } from '@jest/globals';
import type {
  ErrorFactory,
  ExecHandler,
  ExecHandlerContext,
  ExecHandlerResult,
  ExecMatcher,
  FailNextOptions,
  FaultDecision,
  FaultScope,
  FileStore,
  ImageBehaviour,
  LatencySpec,
  MockCall,
  MockDriverOptions,
  Random,
  StatsGenerator,
} from './index.js';
import * as api from './index.js';

/** Every value the package exports: its public API, listed once here so a leaked internal fails this spec. */
const PUBLIC_VALUES = [
  'BUILTINS',
  'CallRecorder',
  'DEFAULT_MOCK_IMAGES',
  'ExecScripts',
  'FsError',
  'MockDriver',
  'MockFaults',
  'ShellProcess',
  'ShellSyntaxError',
  'VirtualFs',
  'createMockDriver',
  'deriveRandom',
  'matchesExec',
  'mockDriverModule',
  'mulberry32',
  'normalizeImageRef',
  'parseScript',
];

// The exported types, named once so that removing one fails the typecheck of this spec.
type PublicTypes = [
  ErrorFactory,
  ExecHandler,
  ExecHandlerContext,
  ExecHandlerResult,
  ExecMatcher,
  FailNextOptions,
  FaultDecision,
  FaultScope,
  FileStore,
  ImageBehaviour,
  LatencySpec,
  MockCall,
  MockDriverOptions,
  Random,
  StatsGenerator,
];

describe('@berth/driver-mock public API', () => {
  it('exports exactly the listed values (no collaborator of the driver leaks)', () => {
    expect(Object.keys(api).sort()).toEqual([...PUBLIC_VALUES].sort());
  });

  it('keeps the driver collaborators internal', () => {
    for (const internal of ['CallGate', 'ContainerRegistry', 'ContainerRuntime', 'ExecRunner', 'MockScripting']) {
      expect(api).not.toHaveProperty(internal);
    }
  });

  it('names every exported type (the typecheck of this spec fails when one goes)', () => {
    const types: PublicTypes | undefined = undefined;
    expect(types).toBeUndefined();
  });
});
