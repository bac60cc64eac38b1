import type { ContainerInstance } from './container-instance.js';

/**
 * A container as the seed (`@openagent/driver-interface`) types it: Berth's {@link ContainerInstance} with the
 * seed's value types where they differ — `createdAt`/`startedAt` in ms since the epoch (Berth: `Date`), `endpoint`
 * and `sessionId` as strings (`''` where Berth says `null`). `status`, `state`, `labels`, `resources` are Berth's.
 * Berth's `Date` fields stay canonical in its types and docs; this is the seed's view of the same container.
 */
export interface SeedContainerInstance
  extends Omit<ContainerInstance, 'createdAt' | 'startedAt' | 'endpoint' | 'sessionId'> {
  /** The session this container belongs to, `''` when none. */
  sessionId: string;
  /** Address to reach the container (`127.0.0.1:49153`), `''` when it publishes nothing. */
  endpoint: string;
  /** When the container was created, ms since the epoch. */
  createdAt: number;
  /** When the container last started, ms since the epoch. */
  startedAt?: number;
}

/**
 * The seed's view of a container any driver returned (one place for every driver: mock, local, Docker, Swarm):
 * numeric `createdAt`/`startedAt`, string `endpoint`/`sessionId`. A copy; the instance is not changed.
 *
 * @example
 * ```ts
 * const seed = toSeedContainerInstance(await driver.createContainer(config));
 * console.log(Date.now() - seed.createdAt, seed.endpoint || 'not published');
 * ```
 */
export function toSeedContainerInstance(instance: ContainerInstance): SeedContainerInstance {
  const { createdAt, startedAt, endpoint, sessionId, ...rest } = instance;
  const seed: SeedContainerInstance = {
    ...rest,
    labels: { ...instance.labels },
    resources: { ...instance.resources },
    sessionId: sessionId ?? '',
    endpoint: endpoint ?? '',
    createdAt: createdAt.getTime(),
  };
  if (startedAt !== undefined) seed.startedAt = startedAt.getTime();
  return seed;
}
