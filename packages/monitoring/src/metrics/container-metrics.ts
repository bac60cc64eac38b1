import type { StatsSample } from '@berth/core';

/**
 * One resource sample of a monitored container, in the shape the driver-interface seed's alert conditions
 * read (`metrics.cpu.percentage > 80`). Built from a driver's `stats$` sample by {@link toContainerMetrics}.
 */
export interface ContainerMetrics {
  /** The container sampled. */
  containerId: string;
  /** The container's name, when the monitor was given a `ContainerInstance`. */
  containerName?: string;
  /** When the driver took the sample. */
  timestamp: Date;
  /** CPU use. */
  cpu: {
    /** Percent of one core (200 = two cores busy), as `StatsSample.cpuPercent`. */
    percentage: number;
  };
  /** Memory use. */
  memory: {
    /** Bytes in use, excluding page cache. */
    usage: number;
    /** Limit in bytes (host memory when unlimited). */
    limit: number;
    /** `usage / limit * 100`. */
    percentage: number;
  };
  /** Network I/O since the container started. */
  network: {
    /** Bytes received. */
    rxBytes: number;
    /** Bytes sent. */
    txBytes: number;
  };
  /** Block device I/O since the container started. */
  blockIO: {
    /** Bytes read. */
    readBytes: number;
    /** Bytes written. */
    writeBytes: number;
  };
  /** Number of processes/threads. */
  pids: number;
}

/**
 * Maps a driver's {@link StatsSample} to {@link ContainerMetrics}.
 *
 * @param sample - one `stats$`/`getStats` sample.
 * @param containerName - the container's name, when known.
 */
export function toContainerMetrics(sample: StatsSample, containerName?: string): ContainerMetrics {
  return {
    containerId: sample.containerId,
    ...(containerName === undefined ? {} : { containerName }),
    timestamp: sample.timestamp,
    cpu: { percentage: sample.cpuPercent },
    memory: { usage: sample.memoryBytes, limit: sample.memoryLimitBytes, percentage: sample.memoryPercent },
    network: { rxBytes: sample.networkRxBytes, txBytes: sample.networkTxBytes },
    blockIO: { readBytes: sample.blockReadBytes, writeBytes: sample.blockWriteBytes },
    pids: sample.pids,
  };
}
