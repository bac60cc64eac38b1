import type Docker from 'dockerode';
import type { DockerEngineProbe } from '../client/probe-docker-engine.js';
import type { EngineEventStreamOptions } from '../events/engine-event-stream.js';
import type { DockerImageClient } from '../images/docker-image-client.js';
import type { DockerResourceClient } from '../resources/docker-resource-client.js';
import type { DockerConnectionOptions } from './docker-connection-options.js';

/** Options of {@link DockerDriver}. */
export interface DockerDriverOptions {
  /** A dockerode client (injected). Default: one built from {@link connection}. */
  docker?: Docker;
  /** Where the engine is, when no `docker` is given. Default: from `DOCKER_HOST` etc. ({@link connectionFromEnv}). */
  connection?: DockerConnectionOptions;
  /** Host id put on instances and events (set by `DockerHostPool`). */
  hostId?: string;
  /** Network for specs that name none. Default: `bridge`. */
  defaultNetwork?: string;
  /** Image client (default: built on `docker`). */
  images?: DockerImageClient;
  /** Volume/network client (default: built on `docker`). */
  resources?: DockerResourceClient;
  /** Reconnect tuning of `events$`. */
  events?: EngineEventStreamOptions;
  /**
   * Default time between `stats$` samples in ms, when the caller gives none (whole ms, 1–3600000). Absent: the
   * environment's `STATS_INTERVAL` (see `statsIntervalFromEnv`), else 1000. A bad value or variable makes the
   * constructor throw `ValidationError`.
   */
  statsIntervalMs?: number;
  /**
   * The engine as already probed ({@link probeDockerEngine}, which {@link DockerDriver.connect} calls): settles
   * `capabilities` (disk limits when its storage enforces them) and replaces the lazy probe of {@link
   * DockerDriver.ready}. When `docker`'s API version is not pinned yet it is pinned to `engine.version.apiVersion`.
   * Without it, `capabilities` are the conservative declared set (no disk limits), whatever the engine supports;
   * a spec's `diskMb` is still honoured where the lazy probe finds the storage can, and otherwise accepted and not
   * enforced (`healthCheck().details.notEnforced`).
   */
  engine?: DockerEngineProbe;
}
