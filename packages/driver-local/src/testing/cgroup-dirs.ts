import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The directories of container `id` (`<id>.<runId>`) in the host's cgroup hierarchies (under a `berth` directory, or near the top). */
export function cgroupDirsOf(id: string): string[] {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => / - cgroup2? /.test(l))
    .map((l) => l.split(' ')[4] ?? '');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return;
    }
    for (const n of names) {
      if (n === id || n.startsWith(`${id}.`)) found.push(join(dir, n));
      else if (n === 'berth' || depth < 3) walk(join(dir, n), depth + 1);
    }
  };
  for (const mount of mounts) walk(mount, 0);
  return found;
}
