import { describe, expect, it } from '@jest/globals';
import type { ContainerSpec } from '../contract/container-spec.js';
import { ValidationError } from '../errors/error-classes.js';
import { canonicalContainerSpec, canonicalResourceLimits } from './spec-aliases.js';
import { validateContainerSpec } from './validate.js';

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues;
    throw err;
  }
  return [];
}

describe('seed spellings of a container spec', () => {
  describe(validateContainerSpec.name, () => {
    it('accepts resources.memory and resources.disk (MiB) and returns them as memoryMb and diskMb', () => {
      const valid = validateContainerSpec({
        image: 'busybox',
        resources: { cpu: 2, memory: 4096, disk: 10240, pids: 100 },
      });
      expect(valid.resources).toEqual({ cpu: 2, memoryMb: 4096, diskMb: 10240, pids: 100 });
    });

    it('accepts command: [] as the image command (the field is dropped)', () => {
      const valid = validateContainerSpec({ image: 'busybox', command: [] });
      expect(valid).toEqual({ image: 'busybox' });
    });

    it("accepts network: '' as the default network (the field is dropped)", () => {
      expect(validateContainerSpec({ image: 'busybox', network: '' })).toEqual({ image: 'busybox' });
    });

    it('accepts readonlyRootfs and securityOpts and returns them under security', () => {
      const valid = validateContainerSpec({
        image: 'busybox',
        readonlyRootfs: true,
        securityOpts: ['no-new-privileges'],
      });
      expect(valid).toEqual({ image: 'busybox', security: { readOnly: true, noNewPrivileges: true } });
    });

    it('keeps the other security fields beside the normalised ones', () => {
      const valid = validateContainerSpec({
        image: 'busybox',
        readonlyRootfs: true,
        security: { user: 'nobody', capabilities: { drop: ['ALL'] } },
      });
      expect(valid.security).toEqual({ user: 'nobody', capabilities: { drop: ['ALL'] }, readOnly: true });
    });

    it('reads no-new-privileges:false as turning the flag off', () => {
      expect(validateContainerSpec({ image: 'a', securityOpts: ['no-new-privileges:false'] }).security).toEqual({
        noNewPrivileges: false,
      });
    });

    it('returns a spec without seed spellings as the same object', () => {
      const spec: ContainerSpec = { image: 'busybox', resources: { memoryMb: 64 } };
      expect(validateContainerSpec(spec)).toBe(spec);
    });

    it('does not change the caller object', () => {
      const spec: ContainerSpec = { image: 'busybox', command: [], resources: { memory: 64 }, readonlyRootfs: true };
      validateContainerSpec(spec);
      expect(spec).toEqual({ image: 'busybox', command: [], resources: { memory: 64 }, readonlyRootfs: true });
    });

    it('refuses both spellings of one limit with different values', () => {
      const issues = issuesOf(() => validateContainerSpec({ image: 'a', resources: { memory: 512, memoryMb: 256 } }));
      expect(issues.map((i) => i.path)).toEqual(['resources.memory']);
    });

    it('accepts both spellings of one limit with the same value', () => {
      expect(validateContainerSpec({ image: 'a', resources: { disk: 5, diskMb: 5 } }).resources).toEqual({ diskMb: 5 });
    });

    it('refuses readonlyRootfs contradicting security.readOnly', () => {
      const issues = issuesOf(() =>
        validateContainerSpec({ image: 'a', readonlyRootfs: true, security: { readOnly: false } }),
      );
      expect(issues.map((i) => i.path)).toEqual(['readonlyRootfs']);
    });

    it('refuses a securityOpts entry other than no-new-privileges, naming it', () => {
      const issues = issuesOf(() =>
        validateContainerSpec({ image: 'a', securityOpts: ['no-new-privileges', 'seccomp=unconfined'] }),
      );
      expect(issues.map((i) => i.path)).toEqual(['securityOpts.1']);
    });

    it('refuses a non-positive seed memory like memoryMb', () => {
      expect(
        issuesOf(() => validateContainerSpec({ image: 'a', resources: { memory: -1 } })).map((i) => i.path),
      ).toEqual(['resources.memory']);
    });

    it('still refuses a command that is not an argv', () => {
      expect(issuesOf(() => validateContainerSpec({ image: 'a', command: 'ls' })).map((i) => i.path)).toEqual([
        'command',
      ]);
    });
  });

  describe(canonicalResourceLimits.name, () => {
    it('returns limits without seed spellings as the same object', () => {
      const r = { cpu: 1 };
      expect(canonicalResourceLimits(r)).toBe(r);
    });
  });

  describe(canonicalContainerSpec.name, () => {
    it('lets the canonical field win when both are given', () => {
      expect(canonicalContainerSpec({ image: 'a', resources: { memory: 1, memoryMb: 1 } }).resources).toEqual({
        memoryMb: 1,
      });
    });
  });
});
