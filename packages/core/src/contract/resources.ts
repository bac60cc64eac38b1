/** A named volume to create. The seed's `VolumeConfig` (`{ name, driver?, labels? }`) is this type. */
export interface VolumeSpec {
  /** Volume name: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
  name: string;
  /** Labels (same key rules as container labels). */
  labels?: Record<string, string>;
  /**
   * The seed's `VolumeConfig.driver`: the volume driver. Every built-in Berth driver creates volumes with the
   * engine's `local` driver, so `'local'` (or absent) is accepted and any other is refused with `ValidationError`
   * (path `driver`) rather than silently replaced. Default: `local`.
   */
  driver?: string;
}

/**
 * The seed's name (`@openagent/driver-interface`) for {@link VolumeSpec}, the argument of `createVolume`: its
 * `{ name, driver?, labels? }` objects type-check and validate as they are.
 */
export type VolumeConfig = VolumeSpec;

/** A volume as the driver reports it. */
export interface Volume {
  /** Volume name. */
  name: string;
  /** Labels. */
  labels: Record<string, string>;
  /** When it was created. */
  createdAt: Date;
  /** Where the data lives on the host, where the driver knows. */
  mountpoint?: string;
}

/** A network to create. The seed's `NetworkConfig` (`{ name, driver?, options?, labels? }`) is this type. */
export interface NetworkSpec {
  /** Network name: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
  name: string;
  /** Labels (same key rules as container labels). */
  labels?: Record<string, string>;
  /** No route outside the network. Default: `false`. */
  internal?: boolean;
  /**
   * The seed's `NetworkConfig.driver`: the network driver. Each Berth driver creates networks of one kind —
   * `bridge` (Docker, and what the mock and local drivers model), `overlay` (Swarm) — so that one (or absent) is
   * accepted and any other is refused with `ValidationError` (path `driver`) rather than silently replaced.
   */
  driver?: string;
  /**
   * The seed's `NetworkConfig.options`: network driver options. No Berth driver passes any, so only an empty map
   * (or absent) is accepted; an option is refused with `ValidationError` (path `options.<key>`), never dropped.
   */
  options?: Record<string, string>;
}

/**
 * The seed's name (`@openagent/driver-interface`) for {@link NetworkSpec}, the argument of `createNetwork`: its
 * `{ name, driver?, options?, labels? }` objects type-check and validate as they are.
 */
export type NetworkConfig = NetworkSpec;

/** A network as the driver reports it. */
export interface Network {
  /** Driver-assigned id. */
  id: string;
  /** Network name. */
  name: string;
  /** Labels. */
  labels: Record<string, string>;
  /** Whether it has no route outside. */
  internal: boolean;
  /** When it was created. */
  createdAt: Date;
}

/** An image in the driver's local store. */
export interface ImageInfo {
  /** Image id (e.g. `sha256:…`). */
  id: string;
  /** Tags (`name:tag`) pointing at it. */
  tags: string[];
  /** Size in bytes. */
  sizeBytes: number;
  /** When it was created. */
  createdAt: Date;
}

/** Progress of an image pull. */
export interface PullProgress {
  /** Image being pulled. */
  image: string;
  /** Engine status line, e.g. `Downloading`. */
  status: string;
  /** Layer id, when the event is about one layer. */
  layer?: string;
  /** Bytes done of the current layer. */
  current?: number;
  /** Total bytes of the current layer. */
  total?: number;
}

/** Options of {@link ContainerDriver.pullImage}. */
export interface PullOptions {
  /** `always` pulls; `missing` (default) pulls only if the image is not present; `never` fails if absent. */
  policy?: 'always' | 'missing' | 'never';
  /** Called for every progress event. */
  onProgress?: (progress: PullProgress) => void;
  /** Aborts the pull. */
  signal?: AbortSignal;
}
