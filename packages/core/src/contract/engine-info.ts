/** What the engine (host) behind a driver is: {@link ContainerDriver.getSystemInfo}. */
export interface SystemInfo {
  /** Host id when the driver spans several engines (or is one engine of a pool). */
  host?: string;
  /** Engine id, as the engine reports it. */
  id: string;
  /** Host name of the machine the engine runs on. */
  name: string;
  /** Operating system, e.g. `Debian GNU/Linux 12 (bookworm)`. */
  operatingSystem: string;
  /** `linux` or `windows`. */
  osType: string;
  /** CPU architecture, e.g. `x86_64`. */
  architecture: string;
  /** Kernel version. */
  kernelVersion: string;
  /** CPUs usable by containers. */
  cpus: number;
  /** Memory of the host in bytes. */
  memoryBytes: number;
  /** Containers in total, and by state. */
  containers: { total: number; running: number; paused: number; stopped: number };
  /** Images in the local store. */
  images: number;
  /** Storage driver, e.g. `overlay2`, `vfs`. */
  storageDriver: string;
  /** Engine version, e.g. `20.10.24`. */
  serverVersion: string;
  /** Driver-specific facts (cgroup version, security options …). */
  details: Record<string, unknown>;
}

/** Versions of the engine behind a driver: {@link ContainerDriver.getSystemVersion}. */
export interface SystemVersion {
  /** Host id when the driver spans several engines. */
  host?: string;
  /** Engine (or driver runtime) version. */
  version: string;
  /** API version spoken, when the engine has one (Docker: e.g. `1.41`). */
  apiVersion?: string;
  /** Lowest API version accepted, when known. */
  minApiVersion?: string;
  /** `linux` or `windows`. */
  os: string;
  /** CPU architecture. */
  arch: string;
  /** Kernel version, when known. */
  kernelVersion?: string;
}

/** Space used by one kind of object on the engine. */
export interface UsageTotals {
  /** Objects of this kind. */
  count: number;
  /** Bytes they take (for images: unique and shared layers counted once). */
  sizeBytes: number;
}

/** Disk usage of the engine behind a driver: {@link ContainerDriver.getSystemUsage} (`docker system df`). */
export interface SystemUsage {
  /** Host id when the driver spans several engines. */
  host?: string;
  /** Images in the local store. */
  images: UsageTotals;
  /** Containers' writable layers. */
  containers: UsageTotals;
  /** Named and anonymous volumes. */
  volumes: UsageTotals;
  /** Build cache. */
  buildCache: UsageTotals;
}
