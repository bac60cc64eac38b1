import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A cgroup hierarchy where the driver may create container cgroups. */
export interface CgroupHierarchy {
  /** `1` (legacy, one hierarchy per controller group) or `2` (unified). */
  version: 1 | 2;
  /** Controllers of this hierarchy (`memory`, `pids`, `cpu`, `cpuacct`, `blkio`, `io`). */
  controllers: string[];
  /** Directory under which `berth/<id>` is created. */
  parent: string;
  /** The driver's own cgroup directory in this hierarchy (where processes it starts begin). */
  own: string;
}

const WANTED = new Set(['memory', 'pids', 'cpu', 'cpuacct', 'blkio', 'io']);

/**
 * Finds cgroup hierarchies from `/proc/self/mountinfo` and `/proc/self/cgroup`. Version 1 container
 * cgroups nest under the driver's own cgroup of that hierarchy (so limits put on the driver still apply);
 * version 2 ones go under the unified root (the only place a non-leaf may hold processes).
 */
export function findCgroupHierarchies(
  mountinfo = readFileSync('/proc/self/mountinfo', 'utf8'),
  selfCgroup = readFileSync('/proc/self/cgroup', 'utf8'),
): CgroupHierarchy[] {
  const ownPaths = new Map<string, string>();
  for (const line of selfCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (m === null) continue;
    const [, id, ctrls, path] = m as unknown as [string, string, string, string];
    if (id === '0' && ctrls === '') ownPaths.set('', path);
    for (const c of ctrls.split(',')) if (c !== '') ownPaths.set(c, path);
  }
  const out: CgroupHierarchy[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const root = fields[3] ?? '/';
    const mountPoint = fields[4];
    const [fsType, , superOpts = ''] = right.split(' ');
    if (mountPoint === undefined) continue;
    if (fsType === 'cgroup') {
      const controllers = superOpts.split(',').filter((o) => WANTED.has(o));
      const first = controllers[0];
      if (first === undefined) continue;
      const own = ownPaths.get(first) ?? '/';
      const rel = root !== '/' && own.startsWith(root) ? own.slice(root.length) : own;
      out.push({ version: 1, controllers, parent: join(mountPoint, rel, 'berth'), own: join(mountPoint, rel) });
    } else if (fsType === 'cgroup2') {
      let controllers: string[] = [];
      try {
        controllers = readFileSync(join(mountPoint, 'cgroup.controllers'), 'utf8')
          .trim()
          .split(/\s+/)
          .filter((c) => WANTED.has(c));
      } catch {
        controllers = [];
      }
      const own = ownPaths.get('') ?? '/';
      const rel = root !== '/' && own.startsWith(root) ? own.slice(root.length) : own;
      if (controllers.length > 0) {
        out.push({ version: 2, controllers, parent: join(mountPoint, 'berth'), own: join(mountPoint, rel) });
      }
    }
  }
  return out;
}
