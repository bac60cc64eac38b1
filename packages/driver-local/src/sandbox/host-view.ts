import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Top-level host entries a container sees (read-only): the system's programs, libraries and configuration. */
export const HOST_SYSTEM_ENTRIES = ['usr', 'etc', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'] as const;

/** The host's system, as a container sees it: what is bound read-only, what is a symlink, what is hidden. */
export interface HostView {
  /** Top-level directories bound read-only at the same path (`/usr`, `/etc` …). */
  dirs: string[];
  /** Top-level symlinks recreated in the container's root (`/bin` → `usr/bin` on a merged-/usr host). */
  symlinks: { path: string; target: string }[];
  /** Directories inside the bound ones that others may not read or enter: covered by an empty read-only tmpfs. */
  hiddenDirs: string[];
  /** Files inside the bound ones that others may not read (`/etc/shadow` …): covered by `/dev/null`. */
  hiddenFiles: string[];
}

/** Permission bits "others" need to read a file (`r`) or list and enter a directory (`r` and `x`). */
const OTHER_R = 0o004;
const OTHER_RX = 0o005;

/**
 * Collects what in `dir` others may not read: a container (root included, with no capabilities) must not
 * reach a host file an unprivileged host user could not. Symlinks are not followed (they resolve inside the
 * container). A directory that is hidden is not walked further.
 */
function collectHidden(dir: string, view: HostView): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    view.hiddenDirs.push(dir);
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(path);
    } catch {
      continue; // gone meanwhile
    }
    if (st.isDirectory()) {
      if ((st.mode & OTHER_RX) !== OTHER_RX) view.hiddenDirs.push(path);
      else collectHidden(path, view);
    } else if (st.isFile() && (st.mode & OTHER_R) === 0) {
      view.hiddenFiles.push(path);
    }
  }
}

/**
 * Reads the host's system layout under `root` (default `/`): which of {@link HOST_SYSTEM_ENTRIES} are
 * directories (bound read-only) or symlinks (recreated), and, inside `/etc`, what others may not read (hidden).
 * `/usr` and `/lib*` are package-managed and world-readable, so only `/etc` is walked (about a thousand entries).
 */
export function readHostView(root = '/'): HostView {
  const view: HostView = { dirs: [], symlinks: [], hiddenDirs: [], hiddenFiles: [] };
  for (const name of HOST_SYSTEM_ENTRIES) {
    const path = join(root, name);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) view.symlinks.push({ path: `/${name}`, target: readlinkSync(path) });
    else if (st.isDirectory()) view.dirs.push(`/${name}`);
  }
  if (view.dirs.includes('/etc')) collectHidden(join(root, 'etc'), view);
  if (root !== '/') {
    const strip = (p: string): string => `/${p.slice(root.length).replace(/^\/+/, '')}`;
    view.hiddenDirs = view.hiddenDirs.map(strip);
    view.hiddenFiles = view.hiddenFiles.map(strip);
  }
  return view;
}

/** How long a read {@link HostView} is reused (walking `/etc` costs tens of ms on a busy host). */
export const HOST_VIEW_TTL_MS = 30_000;

/**
 * {@link readHostView} remembered for {@link HOST_VIEW_TTL_MS}: a file made unreadable to others in `/etc`
 * after a read is hidden from containers started after the next one.
 */
export class HostViewCache {
  #view: HostView | null = null;
  #readAt = 0;

  /** @param read - reads the view (tests pass their own). */
  constructor(private readonly read: () => HostView = readHostView) {}

  /** The current view, read again when older than the TTL. */
  get(): HostView {
    const now = Date.now();
    if (this.#view === null || now - this.#readAt > HOST_VIEW_TTL_MS) {
      this.#view = this.read();
      this.#readAt = now;
    }
    return this.#view;
  }
}
