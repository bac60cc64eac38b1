import type { ContainerSpec } from '../../contract/index.js';
import { ValidationError } from '../../errors/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { describe, expect, it } from '../runner/index.js';

/** A bad container spec and the issue path it must produce. */
interface BadSpec {
  what: string;
  path: string;
  patch: (spec: ContainerSpec) => unknown;
}

const BAD_SPECS: BadSpec[] = [
  { what: 'an empty image', path: 'image', patch: (s) => ({ ...s, image: '' }) },
  {
    what: 'a negative memory limit',
    path: 'resources.memoryMb',
    patch: (s) => ({ ...s, resources: { memoryMb: -1 } }),
  },
  { what: "an env name containing '='", path: 'env.A=B', patch: (s) => ({ ...s, env: { 'A=B': 'x' } }) },
  {
    what: 'a relative volume target',
    path: 'volumes.0.target',
    patch: (s) => ({ ...s, volumes: [{ source: 'data', target: 'relative/dir' }] }),
  },
  {
    what: 'an unknown Linux capability',
    path: 'security.capabilities.add.0',
    patch: (s) => ({ ...s, security: { capabilities: { add: ['NOT_A_CAPABILITY'] } } }),
  },
  // (An empty command is no error: `command: []` means the image's default, as in the driver-interface seed.)
  {
    what: 'a command argument containing NUL',
    path: 'command.1',
    patch: (s) => ({ ...s, command: ['echo', 'a\0b'] }),
  },
];

/** Bad input is rejected with a `ValidationError` naming the bad field, and creates nothing. */
export function validationCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  // The kit deliberately passes malformed specs: the driver must validate at its boundary.
  // A driver that wrongly accepts one still gets its container removed after the case.
  const createUnchecked = async (spec: unknown) => {
    const created = await driver.createContainer(spec as ContainerSpec);
    ctx.track(created.id);
    return created;
  };

  describe('validation', () => {
    for (const bad of BAD_SPECS) {
      it(
        `rejects a spec with ${bad.what} with ValidationError listing ${bad.path}`,
        async () => {
          const err = await expectError(() => createUnchecked(bad.patch(ctx.spec(['true']))), ValidationError);
          expect(err.issues.map((i) => i.path)).toContain(bad.path);
        },
        timeoutMs,
      );
    }

    it(
      'lists every bad field at once',
      async () => {
        const spec = { ...ctx.spec(['true']), image: '', resources: { memoryMb: -1 } };
        const err = await expectError(() => createUnchecked(spec), ValidationError);
        expect(err.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['image', 'resources.memoryMb']));
      },
      timeoutMs,
    );

    it(
      'creates nothing when the spec is rejected',
      async () => {
        await expectError(() => createUnchecked({ ...ctx.spec(['true']), image: '' }), ValidationError);
        expect(await driver.listContainers({ labels: ctx.labels, state: ['created', 'running', 'exited'] })).toEqual(
          [],
        );
      },
      timeoutMs,
    );
  });
}
