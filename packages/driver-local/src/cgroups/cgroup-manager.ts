import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    return cg;
  }

  /** Removes cgroup directories (after their processes are gone); ignores missing ones. */
  static remove(dirs: string[]): void {
    for (const dir of dirs) {
      try {
        rmdirSync(dir);
      } catch {
        // missing, or still busy (the supervisor retries)
      }
    }
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
