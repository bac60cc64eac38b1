import type { Volume } from './resources.js';

/**
 * A volume as the seed (`@openagent/driver-interface`) types it: Berth's {@link Volume} with the seed's `id` (the
 * volume's name: names are volume ids in every Berth driver, as in Docker), `driver` (`local`: what every Berth
 * driver creates) and `createdAt` in ms since the epoch (Berth: `Date`, canonical in its types and docs).
 */
export interface SeedVolume extends Omit<Volume, 'createdAt'> {
  /** The volume's id: its name. */
  id: string;
  /** The volume driver: `local`. */
  driver: string;
  /** When the volume was created, ms since the epoch. */
  createdAt: number;
}

/**
 * The seed's view of a volume any driver returned (`createVolume`, `listVolumes`): `id`, `driver` and a numeric
 * `createdAt`. A copy; the volume is not changed.
 *
 * @example
 * ```ts
 * const volume = toSeedVolume(await driver.createVolume({ name: 'workspace', driver: 'local' }));
 * console.log(volume.id, volume.driver, new Date(volume.createdAt).toISOString());
 * ```
 */
export function toSeedVolume(volume: Volume): SeedVolume {
  const { createdAt, ...rest } = volume;
  return { ...rest, labels: { ...volume.labels }, id: volume.name, driver: 'local', createdAt: createdAt.getTime() };
}
