import type { ContainerSpec } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { fitSpecToEngine } from './fit-spec-to-engine.js';
import type { StorageProbe } from './storage-probe.js';

const extfs: StorageProbe = { driver: 'overlay2', backingFilesystem: 'extfs', diskLimit: false, cpus: 2 };
const xfs: StorageProbe = { driver: 'overlay2', backingFilesystem: 'xfs', diskLimit: true, cpus: 8 };

describe(fitSpecToEngine.name, () => {
  it('drops a disk limit the storage cannot enforce, keeping the other limits', () => {
    expect(fitSpecToEngine({ image: 'a', resources: { diskMb: 10, memoryMb: 64 } }, extfs).resources).toEqual({
      memoryMb: 64,
    });
  });

  it('keeps a disk limit the storage enforces', () => {
    expect(fitSpecToEngine({ image: 'a', resources: { diskMb: 10 } }, xfs).resources).toEqual({ diskMb: 10 });
  });

  it("caps cpu at the host's CPUs", () => {
    expect(fitSpecToEngine({ image: 'a', resources: { cpu: 4 } }, extfs).resources).toEqual({ cpu: 2 });
  });

  it('leaves cpu alone when the host CPUs are unknown', () => {
    const { cpus: _cpus, ...unknown } = extfs;
    expect(fitSpecToEngine({ image: 'a', resources: { cpu: 4 } }, unknown).resources).toEqual({ cpu: 4 });
  });

  it('returns the spec itself when nothing changes', () => {
    const spec: ContainerSpec = { image: 'a', resources: { cpu: 1 } };
    expect(fitSpecToEngine(spec, extfs)).toBe(spec);
  });
});
