import type { Volume } from './resources.js';
import { toSeedVolume } from './seed-volume.js';

describe('toSeedVolume: the seed’s Volume view of a driver’s volume', () => {
  const createdAt = new Date('2026-12-02T12:00:00.000Z');
  const volume: Volume = { name: 'workspace', labels: { team: 'a' }, createdAt, mountpoint: '/var/lib/x' };

  it('has the seed’s id (the name), driver (local) and numeric createdAt, Berth’s other fields as they are', () => {
    expect(toSeedVolume(volume)).toEqual({
      id: 'workspace',
      name: 'workspace',
      driver: 'local',
      labels: { team: 'a' },
      createdAt: createdAt.getTime(),
      mountpoint: '/var/lib/x',
    });
  });

  it('is a copy: the volume keeps its Date and its labels map', () => {
    const seed = toSeedVolume(volume);
    seed.labels['x'] = 'y';
    expect(volume.createdAt).toBe(createdAt);
    expect(volume.labels).toEqual({ team: 'a' });
  });
});
