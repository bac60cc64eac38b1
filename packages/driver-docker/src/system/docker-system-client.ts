import type { SystemInfo, SystemUsage, SystemVersion, UsageTotals } from '@berth/core';
import type Docker from 'dockerode';
import { mapDockerError } from '../errors/map-docker-error.js';

/** The parts of `GET /system/df` Berth reads. */
interface DiskUsageReply {
  LayersSize?: number;
  Images?: { Size?: number; SharedSize?: number }[] | null;
  Containers?: { SizeRw?: number }[] | null;
  Volumes?: { UsageData?: { Size?: number } | null }[] | null;
  BuildCache?: { Size?: number }[] | null;
}

const sum = (values: (number | undefined)[]): number =>
  values.reduce<number>((a, v) => a + (typeof v === 'number' && v > 0 ? v : 0), 0);

const totals = <T>(items: T[] | null | undefined, size: (t: T) => number | undefined): UsageTotals => ({
  count: items?.length ?? 0,
  sizeBytes: sum((items ?? []).map(size)),
});

/**
 * The host side of one engine: `docker info`, `docker version`, `docker system df`, in Berth's shapes (the
 * Docker client seed's `getSystemInfo`, `getSystemVersion`, `getSystemUsage`). Engine errors are mapped to
 * Berth errors (an unreachable engine → `DriverUnavailableError`).
 */
export class DockerSystemClient {
  readonly #docker: Docker;
  readonly #host: string | undefined;

  /**
   * @param docker - dockerode client of the engine.
   * @param host - host id put on the results (one engine of a pool).
   */
  constructor(docker: Docker, host?: string) {
    this.#docker = docker;
    this.#host = host;
  }

  #tag<T extends object>(value: T): T & { host?: string } {
    return this.#host === undefined ? value : { ...value, host: this.#host };
  }

  /** `GET /info`. */
  async info(): Promise<SystemInfo> {
    let i: Record<string, unknown>;
    try {
      i = (await this.#docker.info()) as Record<string, unknown>;
    } catch (err) {
      throw mapDockerError(err, { operation: 'getSystemInfo' });
    }
    const num = (k: string): number => (typeof i[k] === 'number' ? (i[k] as number) : 0);
    const str = (k: string): string => (typeof i[k] === 'string' ? (i[k] as string) : '');
    return this.#tag({
      id: str('ID'),
      name: str('Name'),
      operatingSystem: str('OperatingSystem'),
      osType: str('OSType'),
      architecture: str('Architecture'),
      kernelVersion: str('KernelVersion'),
      cpus: num('NCPU'),
      memoryBytes: num('MemTotal'),
      containers: {
        total: num('Containers'),
        running: num('ContainersRunning'),
        paused: num('ContainersPaused'),
        stopped: num('ContainersStopped'),
      },
      images: num('Images'),
      storageDriver: str('Driver'),
      serverVersion: str('ServerVersion'),
      details: {
        cgroupVersion: i['CgroupVersion'],
        cgroupDriver: i['CgroupDriver'],
        securityOptions: i['SecurityOptions'],
        swarm: (i['Swarm'] as { LocalNodeState?: string } | undefined)?.LocalNodeState,
        dockerRootDir: i['DockerRootDir'],
      },
    });
  }

  /** `GET /version`. */
  async version(): Promise<SystemVersion> {
    let v: Docker.DockerVersion;
    try {
      v = await this.#docker.version();
    } catch (err) {
      throw mapDockerError(err, { operation: 'getSystemVersion' });
    }
    return this.#tag({
      version: v.Version,
      apiVersion: v.ApiVersion,
      ...(v.MinAPIVersion === undefined ? {} : { minApiVersion: v.MinAPIVersion }),
      os: v.Os,
      arch: v.Arch,
      ...(v.KernelVersion === undefined ? {} : { kernelVersion: v.KernelVersion }),
    });
  }

  /** `GET /system/df`. */
  async usage(): Promise<SystemUsage> {
    let df: DiskUsageReply;
    try {
      df = (await this.#docker.df()) as DiskUsageReply;
    } catch (err) {
      throw mapDockerError(err, { operation: 'getSystemUsage' });
    }
    return this.#tag({
      images: {
        count: df.Images?.length ?? 0,
        sizeBytes: df.LayersSize ?? sum((df.Images ?? []).map((x) => x.Size)),
      },
      containers: totals(df.Containers, (c) => c.SizeRw),
      volumes: totals(df.Volumes, (v) => v.UsageData?.Size),
      buildCache: totals(df.BuildCache, (b) => b.Size),
    });
  }
}
