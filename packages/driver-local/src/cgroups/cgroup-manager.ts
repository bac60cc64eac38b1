import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ResourceLimitCapabilities, ResourceLimits } from '@berth/core';
import { type CgroupHierarchy, findCgroupHierarchies } from './cgroup-mounts.js';

/** Where one container's cgroup lives in each usable hierarchy. */
export interface ContainerCgroup {
  /** Every directory of the container's cgroup (one per hierarchy). */
  dirs: string[];
  /** Files holding the OOM-kill counter. */
  oomFiles: string[];
  /** Directory per controller, for stats (`memory`, `pids`, `cpuacct`/`cpu`, `blkio`/`io`) and its version. */
  byController: Record<string, { dir: string; version: 1 | 2 }>;
  /**
   * Files a process writes its pid to so that its main thread joins the container's cgroups (v1 `tasks`:
   * that thread only; v2 `cgroup.procs`: the whole process) and its forks start inside them.
   */
  joinFiles: string[];
  /** Matching files to go back to the driver's own cgroups (where processes the driver starts begin). */
  leaveFiles: string[];
}

const CPU_PERIOD_US = 100_000;
/** How long {@link CgroupManager.removeContainer} retries busy directories by default. */
const REMOVE_RETRY_MS = 3000;
const REMOVE_POLL_MS = 50;

/** Options of {@link CgroupManager.removeContainer}. */
export interface RemoveContainerCgroupsOptions {
  /** Directories recorded for the container (its last run's `launch.json`); their parents are searched too. */
  known?: string[];
  /** SIGKILL what is still in the directories before removing them (and again while they stay busy). */
  kill?: boolean;
  /** Only runs up to this run id (default: all). */
  upToRun?: number;
  /** How long busy directories are retried, in ms (default 3000; 0: one try). */
  retryMs?: number;
}

/** `<id>.<runId>` → its parts; `null` for any other name. */
function runOf(name: string): { id: string; runId: number } | null {
  const m = /^([0-9a-f]{64})\.(\d+)$/.exec(name);
  return m === null ? null : { id: m[1] as string, runId: Number(m[2]) };
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function write(dir: string, file: string, value: string): void {
  writeFileSync(join(dir, file), value);
}

function tryWrite(dir: string, file: string, value: string): void {
  try {
    write(dir, file, value);
  } catch {
    // optional knob (e.g. memsw without swap accounting)
  }
}

/**
 * Creates, limits and removes per-run container cgroups (`berth/<id>.<runId>`) in the cgroup v1 and v2 hierarchies the
 * driver can write to. {@link probe} tries each controller once and reports what is really enforced.
 */
export class CgroupManager {
  /**
   * @param hierarchies - usable hierarchies, each with only the controllers that passed the probe.
   */
  constructor(readonly hierarchies: CgroupHierarchy[]) {}

  /** Probes the host (mkdir + limit write + rmdir of a throw-away cgroup per hierarchy). */
  static probe(): CgroupManager {
    let found: CgroupHierarchy[] = [];
    try {
      found = findCgroupHierarchies();
    } catch {
      found = [];
    }
    const usable: CgroupHierarchy[] = [];
    for (const h of found) {
      const probeDir = join(h.parent, `probe-${process.pid}-${Date.now()}`);
      try {
        if (h.version === 2) enableV2Controllers(h);
        mkdirSync(probeDir, { recursive: true });
        const ok = h.controllers.filter((c) => controllerWorks(h.version, c, probeDir));
        if (ok.length > 0) usable.push({ ...h, controllers: ok });
      } catch {
        // not writable: this hierarchy is unusable
      } finally {
        try {
          rmdirSync(probeDir);
        } catch {
          // already gone or never made
        }
      }
    }
    return new CgroupManager(usable);
  }

  /** Which limits this manager can enforce. Disk is never enforced. */
  get enforced(): ResourceLimitCapabilities {
    const has = (c: string): boolean => this.hierarchies.some((h) => h.controllers.includes(c));
    return { cpu: has('cpu'), memory: has('memory'), pids: has('pids'), disk: false };
  }

  /** `true` when at least one hierarchy is usable. */
  get available(): boolean {
    return this.hierarchies.length > 0;
  }

  /**
   * Creates the cgroups of one run of a container (`berth/<id>.<runId>`) and writes its limits. Each run has
   * its own directories: the previous run's supervisor removes its cgroups after its exit, which may be
   * after the next run has started, and must not take that run's away.
   */
  create(id: string, limits: ResourceLimits, runId: number): ContainerCgroup {
    const cg: ContainerCgroup = { dirs: [], oomFiles: [], byController: {}, joinFiles: [], leaveFiles: [] };
    try {
      this.#create(cg, id, limits, runId);
    } catch (err) {
      // one hierarchy failed: none of the run's directories may stay behind
      for (const dir of cg.dirs) {
        try {
          rmdirSync(dir);
        } catch {
          // gone
        }
      }
      throw err;
    }
    return cg;
  }

  #create(cg: ContainerCgroup, id: string, limits: ResourceLimits, runId: number): void {
    for (const h of this.hierarchies) {
      const dir = join(h.parent, `${id}.${runId}`);
      mkdirSync(dir, { recursive: true });
      cg.dirs.push(dir);
      const procsFile = h.version === 1 ? 'tasks' : 'cgroup.procs';
      cg.joinFiles.push(join(dir, procsFile));
      cg.leaveFiles.push(join(h.own, procsFile));
      for (const c of h.controllers) {
        cg.byController[c] = { dir, version: h.version };
        applyLimit(h.version, c, dir, limits);
      }
      if (h.controllers.includes('memory')) {
        cg.oomFiles.push(join(dir, h.version === 1 ? 'memory.oom_control' : 'memory.events'));
      }
    }
  }

  /**
   * Removes directories (after their processes are gone), retrying busy ones for up to `retryMs`; ignores missing
   * ones. Resolves with those still there.
   */
  static async removeDirs(dirs: string[], retryMs = REMOVE_RETRY_MS, kill = false): Promise<string[]> {
    const deadline = Date.now() + retryMs;
    let left = [...dirs];
    for (;;) {
      if (kill) {
        for (const pid of CgroupManager.pids(left)) {
          if (pid === process.pid) continue;
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
      const busy: string[] = [];
      for (const dir of left) {
        try {
          await rmdir(dir);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') busy.push(dir);
        }
      }
      left = busy;
      if (left.length === 0 || Date.now() >= deadline) return left;
      await delay(REMOVE_POLL_MS);
    }
  }

  /** The parents searched for a container's directories: this manager's and those of `known` directories. */
  #parents(known: string[]): string[] {
    return [...new Set([...this.hierarchies.map((h) => h.parent), ...known.map((d) => dirname(d))])];
  }

  /**
   * Removes the cgroup directories of container `id` in every hierarchy: every run's (`<id>.<runId>`, found by name
   * under this manager's parents and those of `known`), not only the last one's — a run whose supervisor failed, or
   * a start that failed, leaves its own. Resolves with the directories still there (busy after `retryMs`).
   */
  async removeContainer(id: string, options: RemoveContainerCgroupsOptions = {}): Promise<string[]> {
    const upTo = options.upToRun ?? Number.POSITIVE_INFINITY;
    const dirs = new Set<string>();
    for (const dir of options.known ?? []) {
      const run = runOf(basename(dir));
      if (run !== null && run.id === id && run.runId <= upTo) dirs.add(dir);
    }
    for (const parent of this.#parents(options.known ?? [])) {
      for (const name of await readdir(parent).catch(() => [] as string[])) {
        const run = runOf(name);
        if (run !== null && run.id === id && run.runId <= upTo) dirs.add(join(parent, name));
      }
    }
    return CgroupManager.removeDirs([...dirs], options.retryMs ?? REMOVE_RETRY_MS, options.kill === true);
  }

  /**
   * One pass over this manager's parents (and `extraParents`): removes each directory `<id>.<runId>` with
   * `runId <= stale.get(id)` when it is empty (never kills, never waits). For the driver's sweep of its own
   * containers' leftovers; directories of containers not in `stale` are never touched.
   */
  async sweep(stale: Map<string, number>, extraParents: string[] = []): Promise<number> {
    let removed = 0;
    const parents = new Set([...this.hierarchies.map((h) => h.parent), ...extraParents]);
    for (const parent of parents) {
      for (const name of await readdir(parent).catch(() => [] as string[])) {
        const run = runOf(name);
        const upTo = run === null ? undefined : stale.get(run.id);
        if (run === null || upTo === undefined || run.runId > upTo) continue;
        try {
          await rmdir(join(parent, name));
          removed++;
        } catch {
          // busy or gone
        }
      }
    }
    return removed;
  }

  /** Pids in the cgroup directories. */
  static pids(dirs: string[]): number[] {
    const out = new Set<number>();
    for (const dir of dirs) {
      try {
        for (const l of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
          const pid = Number(l);
          if (pid > 0) out.add(pid);
        }
      } catch {
        // gone
      }
    }
    return [...out];
  }
}

function enableV2Controllers(h: CgroupHierarchy): void {
  const root = join(h.parent, '..');
  const wanted = h.controllers.map((c) => `+${c}`).join(' ');
  tryWrite(root, 'cgroup.subtree_control', wanted);
  mkdirSync(h.parent, { recursive: true });
  tryWrite(h.parent, 'cgroup.subtree_control', wanted);
}

function controllerWorks(version: 1 | 2, controller: string, dir: string): boolean {
  const file = knobFile(version, controller);
  if (file === null) return existsSync(dir);
  try {
    const current = readFileSync(join(dir, file), 'utf8').trim();
    write(dir, file, current.length > 0 ? current : 'max');
    return true;
  } catch {
    return false;
  }
}

function knobFile(version: 1 | 2, controller: string): string | null {
  switch (controller) {
    case 'memory':
      return version === 1 ? 'memory.limit_in_bytes' : 'memory.max';
    case 'pids':
      return 'pids.max';
    case 'cpu':
      return version === 1 ? 'cpu.cfs_quota_us' : 'cpu.max';
    default:
      return null;
  }
}

function applyLimit(version: 1 | 2, controller: string, dir: string, limits: ResourceLimits): void {
  if (controller === 'memory') {
    const bytes = limits.memoryMb === undefined ? null : String(limits.memoryMb * 1024 * 1024);
    if (version === 1) {
      // memsw must stay >= limit: raise memsw first when lifting, set limit first when lowering.
      tryWrite(dir, 'memory.memsw.limit_in_bytes', '-1');
      write(dir, 'memory.limit_in_bytes', bytes ?? '-1');
      if (bytes !== null) tryWrite(dir, 'memory.memsw.limit_in_bytes', bytes);
      tryWrite(dir, 'memory.swappiness', '0');
    } else {
      write(dir, 'memory.max', bytes ?? 'max');
      tryWrite(dir, 'memory.swap.max', bytes === null ? 'max' : '0');
    }
  } else if (controller === 'pids') {
    write(dir, 'pids.max', limits.pids === undefined ? 'max' : String(limits.pids));
  } else if (controller === 'cpu') {
    const quota = limits.cpu === undefined ? null : Math.max(1000, Math.round(limits.cpu * CPU_PERIOD_US));
    if (version === 1) {
      write(dir, 'cpu.cfs_period_us', String(CPU_PERIOD_US));
      write(dir, 'cpu.cfs_quota_us', quota === null ? '-1' : String(quota));
    } else {
      write(dir, 'cpu.max', `${quota === null ? 'max' : quota} ${CPU_PERIOD_US}`);
    }
  }
}
