import type { StatsSample } from '@berth/core';
import type { DockerStatsPayload } from './docker-stats-payload.js';

const finite = (n: number | undefined): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/**
 * CPU percent of one core, as `docker stats` computes it:
 * `(Δ container cpu / Δ system cpu) × online CPUs × 100`. Zero when there is no previous sample (a container
 * that just started has an empty `precpu_stats`), or either delta is not positive — never NaN or negative.
 */
export function cpuPercent(payload: DockerStatsPayload): number {
  const cpu = payload.cpu_stats;
  const pre = payload.precpu_stats;
  if (cpu === undefined || pre === undefined) return 0;
  const preTotal = pre.cpu_usage?.total_usage;
  const preSystem = pre.system_cpu_usage;
  if (preTotal === undefined || preSystem === undefined || preSystem === 0) return 0;
  const cpuDelta = finite(cpu.cpu_usage?.total_usage) - preTotal;
  const systemDelta = finite(cpu.system_cpu_usage) - preSystem;
  if (!(cpuDelta > 0) || !(systemDelta > 0)) return 0;
  const online =
    cpu.online_cpus !== undefined && cpu.online_cpus > 0 ? cpu.online_cpus : (cpu.cpu_usage?.percpu_usage?.length ?? 1);
  const percent = (cpuDelta / systemDelta) * Math.max(online, 1) * 100;
  return Number.isFinite(percent) && percent > 0 ? percent : 0;
}

/**
 * Memory in use without page cache, as `docker stats` shows it: cgroup v1 `usage − total_inactive_file`,
 * cgroup v2 `usage − inactive_file` (each only when smaller than usage), else `usage`.
 */
export function memoryWithoutCache(payload: DockerStatsPayload): number {
  const usage = finite(payload.memory_stats?.usage);
  const stats = payload.memory_stats?.stats ?? {};
  const v1 = stats['total_inactive_file'];
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats['inactive_file'];
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

/** Converts an engine stats payload into a `StatsSample` (network and block I/O summed over interfaces/devices). */
export function computeStats(containerId: string, payload: DockerStatsPayload): StatsSample {
  const memoryBytes = memoryWithoutCache(payload);
  const memoryLimitBytes = finite(payload.memory_stats?.limit);
  let networkRxBytes = 0;
  let networkTxBytes = 0;
  for (const net of Object.values(payload.networks ?? {})) {
    networkRxBytes += finite(net.rx_bytes);
    networkTxBytes += finite(net.tx_bytes);
  }
  let blockReadBytes = 0;
  let blockWriteBytes = 0;
  for (const entry of payload.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (entry.op ?? '').toLowerCase();
    if (op === 'read') blockReadBytes += finite(entry.value);
    else if (op === 'write') blockWriteBytes += finite(entry.value);
  }
  const read = payload.read === undefined ? undefined : new Date(payload.read);
  const timestamp = read === undefined || Number.isNaN(read.getTime()) || read.getTime() <= 0 ? new Date() : read;
  return {
    containerId,
    timestamp,
    cpuPercent: cpuPercent(payload),
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? (memoryBytes / memoryLimitBytes) * 100 : 0,
    pids: finite(payload.pids_stats?.current),
    networkRxBytes,
    networkTxBytes,
    blockReadBytes,
    blockWriteBytes,
  };
}
