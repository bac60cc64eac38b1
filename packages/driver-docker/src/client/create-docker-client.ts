import Docker from 'dockerode';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import { validateConnectionOptions } from '../config/validate-connection-options.js';

/**
 * Builds a dockerode client for a validated connection. The API version is left open here and pinned
 * later by {@link negotiateApiVersion}.
 *
 * @example
 * ```ts
 * const docker = createDockerClient({ socketPath: '/var/run/docker.sock' });
 * ```
 */
export function createDockerClient(connection: DockerConnectionOptions): Docker {
  const c = validateConnectionOptions(connection);
  if ('socketPath' in c) return new Docker({ socketPath: c.socketPath });
  return new Docker({
    host: c.host,
    port: c.port,
    protocol: c.protocol,
    ...(c.ca === undefined ? {} : { ca: c.ca }),
    ...(c.cert === undefined ? {} : { cert: c.cert }),
    ...(c.key === undefined ? {} : { key: c.key }),
  });
}

/** The engine's versions, from `GET /version`. */
export interface EngineVersion {
  /** Engine version, e.g. `20.10.24+dfsg1`. */
  engineVersion: string;
  /** Highest API version the engine speaks, e.g. `1.41`. */
  apiVersion: string;
  /** Lowest API version it accepts. */
  minApiVersion: string;
  /** `linux` or `windows`. */
  os: string;
}

/** Newest API version this driver is written against. */
export const MAX_API_VERSION = '1.43';

/**
 * Asks the engine for its versions (`/version`, unversioned path) and pins dockerode to
 * `min(engine API, MAX_API_VERSION)`, so every later request uses `/v1.xx/...`.
 */
export async function negotiateApiVersion(docker: Docker): Promise<EngineVersion> {
  const modem = docker.modem as { version?: string | undefined };
  const pinned = modem.version;
  modem.version = undefined;
  let info: Docker.DockerVersion;
  try {
    info = await docker.version();
  } finally {
    modem.version = pinned;
  }
  const apiVersion = info.ApiVersion;
  const chosen = compareApi(apiVersion, MAX_API_VERSION) <= 0 ? apiVersion : MAX_API_VERSION;
  modem.version = `v${chosen}`;
  return {
    engineVersion: info.Version,
    apiVersion: chosen,
    minApiVersion: info.MinAPIVersion ?? chosen,
    os: info.Os,
  };
}

function compareApi(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 === b1 ? a2 - b2 : a1 - b1;
}
