import type { ResourceLimits, StatsSample } from '@berth/core';
import type { Random } from '../random/mulberry32.js';

const MIB = 1024 * 1024;

/** What a default sample is computed from. */
export interface StatsInput {
  /** Container sampled. */
  containerId: string;
  /** Sample number for this container. */
  tick: number;
  /** Whether the main process runs (a stopped container samples as zeros). */
  running: boolean;
  /** Running execs and pipeline stages (each counts as a pid). */
  execs: number;
  /** CPU burners running (each keeps one core busy, up to the cpu limit). Default: 0. */
  burners?: number;
  /** Limits of the container. */
  resources: ResourceLimits;
  /** Memory reported as the limit when the container has none. */
  hostMemoryBytes: number;
}

/**
 * A plausible, seeded, never-negative sample: a little CPU, or a core per CPU burner (at most the cpu limit), 8–12 MiB of memory
 * (at most the limit), one pid per process, and network/block counters that only grow.
 */
export function defaultStats(random: Random, input: StatsInput): StatsSample {
  const limit = input.resources.memoryMb === undefined ? input.hostMemoryBytes : input.resources.memoryMb * MIB;
  const burners = input.burners ?? 0;
  const cpuCap = (input.resources.cpu ?? Math.max(1, burners)) * 100;
  // Idle: a few percent. Burning: each burner one core, throttled to the quota (a little under it).
  const busy = burners > 0 ? Math.min(cpuCap, burners * 100) * (0.9 + random() * 0.1) : random() * 5;
  const cpuPercent = input.running ? Math.min(cpuCap, Math.round(busy * 100) / 100) : 0;
  const memoryBytes = input.running ? Math.min(limit, 8 * MIB + Math.floor(random() * 4 * MIB)) : 0;
  const tick = input.tick;
  return {
    containerId: input.containerId,
    timestamp: new Date(),
    cpuPercent,
    memoryBytes,
    memoryLimitBytes: limit,
    memoryPercent: limit > 0 ? (memoryBytes / limit) * 100 : 0,
    pids: input.running ? 1 + input.execs : 0,
    networkRxBytes: tick * 1024,
    networkTxBytes: tick * 512,
    blockReadBytes: tick * 4096,
    blockWriteBytes: tick * 2048,
  };
}

/** Applies a generator's overrides, recomputing `memoryPercent` when memory changed and it was not given. */
export function mergeStats(base: StatsSample, overrides: Partial<StatsSample>): StatsSample {
  const merged: StatsSample = { ...base, ...overrides, containerId: base.containerId };
  if (
    overrides.memoryPercent === undefined &&
    (overrides.memoryBytes !== undefined || overrides.memoryLimitBytes !== undefined)
  ) {
    merged.memoryPercent = merged.memoryLimitBytes > 0 ? (merged.memoryBytes / merged.memoryLimitBytes) * 100 : 0;
  }
  return merged;
}
