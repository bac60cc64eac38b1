import {
  DEFAULT_DOCKER_SOCKET,
  DockerClient,
  type DockerClientOptions,
  type DockerConnectionOptions,
} from '@berth/driver-docker';

/** The Docker engines `berth hub` serves, as its Docker driver config names them. */
export interface SeedStreamerHosts {
  /** One engine (served under `hostId`). Default: the default socket. */
  connection?: DockerConnectionOptions;
  /** Several engines (a `DockerHostPool`), each served under its id; wins over `connection`. */
  hosts?: readonly { id: string; name?: string | undefined; connection?: DockerConnectionOptions | undefined }[];
}

/**
 * The docker-client seed's `DockerClient`s for the engines `berth hub` serves, keyed like the hub's hosts (a
 * pool's host ids, else `hostId`), so `HubServer`'s `seedStreamer` names each host as the hub protocol does.
 * Nothing connects here: each client reaches its engine on its first request.
 *
 * @param hostId - the id of a single engine (`berth hub` serves it as `docker`).
 *
 * @example
 * ```ts
 * seedStreamerClients({ connection: { socketPath: '/var/run/docker.sock' } }, 'docker'); // Map { 'docker' => DockerClient }
 * ```
 */
export function seedStreamerClients(engines: SeedStreamerHosts, hostId: string): Map<string, DockerClient> {
  const hosts = engines.hosts ?? [{ id: hostId, connection: engines.connection }];
  return new Map(
    hosts.map((h) => [
      h.id,
      new DockerClient({
        ...clientOptions(h.connection),
        hostId: h.id,
        ...(h.name === undefined ? {} : { name: h.name }),
      }),
    ]),
  );
}

/** A Berth connection in the seed client's options (socket path as `host`; TLS material as dockerode options). */
function clientOptions(connection: DockerConnectionOptions | undefined): DockerClientOptions {
  const c = connection ?? { socketPath: DEFAULT_DOCKER_SOCKET };
  if ('socketPath' in c) return { host: c.socketPath };
  const tls = Object.fromEntries(
    (['ca', 'cert', 'key'] as const).filter((k) => c[k] !== undefined).map((k) => [k, c[k]]),
  );
  return {
    host: c.host,
    port: c.port,
    secure: c.protocol === 'https',
    ...(Object.keys(tls).length === 0 ? {} : { dockerodeOptions: tls }),
  };
}
