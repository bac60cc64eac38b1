import { readdir, readFile } from 'node:fs/promises';

/** The fields of `/proc/<pid>/stat` the driver uses. */
export interface ProcStat {
  /** Process id. */
  pid: number;
  /** One-letter state (`R`, `S`, `Z` …). */
  state: string;
  /** Parent pid. */
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** Session id. */
  session: number;
  /** User CPU time in clock ticks. */
  utime: number;
  /** System CPU time in clock ticks. */
  stime: number;
  /** Start time after boot in clock ticks (field 22): with the pid, identifies a process across pid reuse. */
  startTicks: number;
}

/** Parses the text of `/proc/<pid>/stat` (the command name may contain spaces and parentheses). */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields after the command name start at field 3 (state).
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (n: number): number => Number(rest[n - 3]);
  const state = rest[0];
  if (state === undefined || !Number.isInteger(pid)) return null;
  return {
    pid,
    state,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    utime: field(14),
    stime: field(15),
    startTicks: field(22),
  };
}

/** Reads `/proc/<pid>/stat`, or `null` when the process does not exist. */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * `true` when `pid` is alive (not a zombie) and started at `startTicks` — never true for a recycled pid.
 */
export async function isSameProcessAlive(pid: number, startTicks: number): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== null && stat.startTicks === startTicks && stat.state !== 'Z' && stat.state !== 'X';
}

/** Every pid currently listed in `/proc`. */
export async function listPids(): Promise<number[]> {
  const entries = await readdir('/proc');
  const pids: number[] = [];
  for (const e of entries) {
    const n = Number(e);
    if (Number.isInteger(n) && n > 0) pids.push(n);
  }
  return pids;
}

/** Stats of every live process whose process group is `pgid`. */
export async function processesInGroup(pgid: number): Promise<ProcStat[]> {
  const out: ProcStat[] = [];
  for (const pid of await listPids()) {
    const stat = await readProcStat(pid);
    if (stat !== null && stat.pgrp === pgid && stat.state !== 'Z') out.push(stat);
  }
  return out;
}

/** Pids of live processes whose environment contains `marker` (`NAME=value`), e.g. a container id. */
export async function processesWithEnvMarker(marker: string): Promise<number[]> {
  const needle = Buffer.from(`\0${marker}\0`);
  const out: number[] = [];
  for (const pid of await listPids()) {
    try {
      const env = await readFile(`/proc/${pid}/environ`);
      const padded = Buffer.concat([Buffer.from([0]), env, Buffer.from([0])]);
      if (padded.includes(needle)) out.push(pid);
    } catch {
      // gone or not readable
    }
  }
  return out;
}
