import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { StatsSample } from '@berth/core';
import { processesInGroup } from '../process/proc-stat.js';

/** The previous sample's counters, for CPU percent. */
export interface StatsBaseline {
  /** When it was taken (ms). */
  atMs: number;
  /** Cumulative CPU time in ns. */
  cpuNs: number;
}

/** What {@link sampleStats} needs to know about a running container. */
export interface StatsInput {
  /** Container id. */
  containerId: string;
  /** Process group of the main process. */
  pgid: number;
  /** Start of the current run. */
  startedAt: Date;
  /** The container's cgroup directories (empty: sample `/proc`). */
  cgroupDirs: string[];
  /** Memory limit in bytes, when set. */
  memoryLimitBytes: number | null;
  /** The previous sample's baseline, if any. */
  previous: StatsBaseline | null;
}

const TICK_NS = 1e9 / 100; // USER_HZ is 100 on Linux
const PAGE = 4096;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

function keyed(text: string | null, key: string): number | null {
  if (text === null) return null;
  const m = new RegExp(`(?:^|\\n)${key} (\\d+)`).exec(text);
  return m === null ? null : Number(m[1]);
}

async function fromCgroups(
  dirs: string[],
): Promise<{ cpuNs: number; mem: number; pids: number; rd: number; wr: number } | null> {
  let cpuNs: number | null = null;
  let mem: number | null = null;
  let pids: number | null = null;
  let rd = 0;
  let wr = 0;
  for (const dir of dirs) {
    const acct = await readText(join(dir, 'cpuacct.usage'));
    if (acct !== null) cpuNs = Number(acct.trim());
    const v2cpu = keyed(await readText(join(dir, 'cpu.stat')), 'usage_usec');
    if (v2cpu !== null && cpuNs === null) cpuNs = v2cpu * 1000;
    const usage = await readText(join(dir, 'memory.usage_in_bytes'));
    if (usage !== null) {
      const stat = await readText(join(dir, 'memory.stat'));
      mem = Math.max(
        0,
        Number(usage.trim()) - (keyed(stat, 'total_inactive_file') ?? keyed(stat, 'inactive_file') ?? 0),
      );
    }
    const current = await readText(join(dir, 'memory.current'));
    if (current !== null && mem === null) {
      mem = Math.max(
        0,
        Number(current.trim()) - (keyed(await readText(join(dir, 'memory.stat')), 'inactive_file') ?? 0),
      );
    }
    const p = await readText(join(dir, 'pids.current'));
    if (p !== null) pids = Number(p.trim());
    const blk = await readText(join(dir, 'blkio.throttle.io_service_bytes'));
    if (blk !== null) {
      for (const line of blk.split('\n')) {
        const [, op, n] = line.split(' ');
        if (op === 'Read') rd += Number(n);
        if (op === 'Write') wr += Number(n);
      }
    }
    const io = await readText(join(dir, 'io.stat'));
    if (io !== null) {
      for (const m of io.matchAll(/rbytes=(\d+) wbytes=(\d+)/g)) {
        rd += Number(m[1]);
        wr += Number(m[2]);
      }
    }
  }
  if (cpuNs === null && mem === null && pids === null) return null;
  return { cpuNs: cpuNs ?? 0, mem: mem ?? 0, pids: pids ?? 0, rd, wr };
}

async function fromProc(pgid: number): Promise<{ cpuNs: number; mem: number; pids: number; rd: number; wr: number }> {
  const procs = await processesInGroup(pgid);
  let cpuNs = 0;
  let mem = 0;
  let rd = 0;
  let wr = 0;
  for (const p of procs) {
    cpuNs += (p.utime + p.stime) * TICK_NS;
    const statm = await readText(`/proc/${p.pid}/statm`);
    if (statm !== null) mem += Number(statm.split(' ')[1] ?? 0) * PAGE;
    const io = await readText(`/proc/${p.pid}/io`);
    rd += keyed(io, 'read_bytes:') ?? 0;
    wr += keyed(io, 'write_bytes:') ?? 0;
  }
  return { cpuNs, mem, pids: procs.length, rd, wr };
}

/**
 * One stats sample: from the container's cgroups when it has them (CPU, memory without inactive page
 * cache, pids, block I/O), otherwise summed over the `/proc` entries of its process group. CPU percent is
 * computed against the previous sample, or over the whole run for the first one. Network counters are 0:
 * local containers share the host's network.
 */
export async function sampleStats(input: StatsInput): Promise<{ sample: StatsSample; baseline: StatsBaseline }> {
  const now = Date.now();
  const c = (input.cgroupDirs.length > 0 ? await fromCgroups(input.cgroupDirs) : null) ?? (await fromProc(input.pgid));
  const prev = input.previous ?? { atMs: input.startedAt.getTime(), cpuNs: 0 };
  const elapsedNs = Math.max(1, (now - prev.atMs) * 1e6);
  const cpuPercent = Math.max(0, ((c.cpuNs - prev.cpuNs) / elapsedNs) * 100);
  const limit = input.memoryLimitBytes ?? totalmem();
  return {
    sample: {
      containerId: input.containerId,
      timestamp: new Date(now),
      cpuPercent: Number.isFinite(cpuPercent) ? cpuPercent : 0,
      memoryBytes: c.mem,
      memoryLimitBytes: limit,
      memoryPercent: limit > 0 ? (c.mem / limit) * 100 : 0,
      pids: c.pids,
      networkRxBytes: 0,
      networkTxBytes: 0,
      blockReadBytes: c.rd,
      blockWriteBytes: c.wr,
    },
    baseline: { atMs: now, cpuNs: c.cpuNs },
  };
}
