import type { DriverCapabilities } from '@berth/core';
import type Docker from 'dockerode';
import { mapDockerError } from '../errors/map-docker-error.js';
import { probeStorage, type StorageProbe } from '../spec/storage-probe.js';
import { type EngineVersion, negotiateApiVersion } from './create-docker-client.js';

/** What {@link probeDockerEngine} learnt of an engine: its API version (pinned on the client) and its storage. */
export interface DockerEngineProbe {
  /** Versions; `apiVersion` is the one the client was pinned to. */
  version: EngineVersion;
  /** Storage driver, and whether it enforces per-container disk limits. */
  storage: StorageProbe;
}

/**
 * Asks the engine behind `docker` for its versions (pinning the client's API version, see `negotiateApiVersion`)
 * and its storage driver. Rejects with the mapped Berth error (`DriverUnavailableError` when nothing answers).
 *
 * @example
 * ```ts
 * const docker = createDockerClient({ socketPath: '/var/run/docker.sock' });
 * const engine = await probeDockerEngine(docker);
 * const driver = new DockerDriver({ docker, engine }); // capabilities follow the probe
 * ```
 */
export async function probeDockerEngine(docker: Docker): Promise<DockerEngineProbe> {
  try {
    const version = await negotiateApiVersion(docker);
    const storage = await probeStorage(docker);
    return { version, storage };
  } catch (err) {
    throw mapDockerError(err, { operation: 'connect' });
  }
}

/**
 * The capabilities of a Docker Engine driver, frozen: everything but per-container disk limits, which only
 * `storage` can grant (`storage.diskLimit`). Without a probe the answer is the conservative one: no disk limits.
 */
export function dockerCapabilities(storage?: StorageProbe): DriverCapabilities {
  return Object.freeze({
    exec: true,
    files: true,
    volumes: true,
    networks: true,
    images: true,
    stats: true,
    events: true,
    ports: true,
    healthcheck: true,
    resourceLimits: Object.freeze({ cpu: true, memory: true, pids: true, disk: storage?.diskLimit ?? false }),
    isolation: 'container',
    imageBuild: true,
    systemInfo: true,
    inspect: true,
    engineEvents: true,
  });
}
