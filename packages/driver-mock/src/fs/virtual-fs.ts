import { FileStore, type StoredFile } from './file-store.js';
import { FsError } from './fs-error.js';
import { dirname, isWithin, resolvePath } from './posix-path.js';

/** Writes to it vanish; reads give nothing. */
export const DEV_NULL = '/dev/null';
/** Longest chain of symbolic links followed before `ELOOP`. */
const MAX_LINK_DEPTH = 8;

/** Directories every mock container has. */
export const DEFAULT_DIRS: readonly string[] = [
  '/bin',
  '/dev',
  '/etc',
  '/home',
  '/proc',
  '/root',
  '/tmp',
  '/usr',
  '/var',
];

interface Mount {
  target: string;
  store: FileStore;
  readOnly: boolean;
}

interface Located {
  store: FileStore;
  path: string;
  readOnly: boolean;
}

/** Options of {@link VirtualFs.write}. */
export interface WriteOptions {
  /** Append instead of truncating. */
  append?: boolean;
  /** Permission bits of a new file. Default `0o644`. */
  mode?: number;
  /** Create missing parent directories (as `putFiles` does). Default `false` (as the shell does). */
  parents?: boolean;
}

/**
 * A container's filesystem: a root {@link FileStore} plus mounted stores (volumes, binds) at their targets.
 * Binary-safe; paths are resolved against a working directory and cannot escape `/`.
 */
export class VirtualFs {
  readonly #root: FileStore;
  readonly #readOnlyRoot: boolean;
  readonly #mounts: Mount[] = [];

  /**
   * @param root - the root store.
   * @param readOnlyRoot - refuse writes outside writable mounts (`security.readOnly`).
   */
  constructor(root: FileStore = new FileStore(DEFAULT_DIRS), readOnlyRoot = false) {
    this.#root = root;
    this.#readOnlyRoot = readOnlyRoot;
  }

  /** Mounts `store` at `target` (absolute). */
  mount(target: string, store: FileStore, readOnly = false): void {
    this.#mounts.push({ target: resolvePath(target), store, readOnly });
    this.#mounts.sort((a, b) => b.target.length - a.target.length);
  }

  /** Reads a file. Throws {@link FsError} `ENOENT` or `EISDIR`. */
  read(path: string, cwd = '/'): Uint8Array {
    const abs = this.#follow(resolvePath(path, cwd));
    if (abs === DEV_NULL) return new Uint8Array(0);
    const file = this.#file(abs);
    if (file !== undefined) return file.data.slice();
    if (this.isDirectory(abs)) throw new FsError('EISDIR', abs);
    throw new FsError('ENOENT', abs);
  }

  /** Writes (or appends to) a file. Throws {@link FsError} `EROFS`, `EISDIR`, `ENOENT` (missing parent). */
  write(path: string, data: Uint8Array, options: WriteOptions = {}, cwd = '/'): void {
    const abs = this.#follow(resolvePath(path, cwd));
    if (abs === DEV_NULL) return;
    const at = this.#locate(abs);
    if (at.readOnly) throw new FsError('EROFS', abs);
    if (this.isDirectory(abs)) throw new FsError('EISDIR', abs);
    const parent = dirname(abs);
    if (!this.isDirectory(parent)) {
      if (this.#file(parent) !== undefined) throw new FsError('ENOTDIR', parent);
      if (options.parents !== true) throw new FsError('ENOENT', abs);
      this.mkdir(parent, true);
    }
    const existing = at.store.files.get(at.path);
    const bytes = options.append === true && existing !== undefined ? concat(existing.data, data) : data.slice();
    at.store.files.set(at.path, { data: bytes, mode: options.mode ?? existing?.mode ?? 0o644, modifiedAt: new Date() });
  }

  /** Creates a symbolic link at `path` pointing to `target` (kept as given). Throws `EEXIST`, `ENOENT`. */
  symlink(target: string, path: string, cwd = '/'): void {
    const abs = resolvePath(path, cwd);
    const at = this.#locate(abs);
    if (at.readOnly) throw new FsError('EROFS', abs);
    if (at.store.files.has(at.path) || this.isDirectory(abs)) throw new FsError('EEXIST', abs);
    if (!this.isDirectory(dirname(abs))) throw new FsError('ENOENT', abs);
    at.store.files.set(at.path, { data: new Uint8Array(0), mode: 0o777, modifiedAt: new Date(), link: target });
  }

  /** Permission bits of a file (links followed) or directory (`0o755`). Throws `ENOENT`. */
  mode(path: string, cwd = '/'): number {
    const abs = this.#follow(resolvePath(path, cwd));
    const file = this.#file(abs);
    if (file !== undefined) return file.mode;
    if (this.isDirectory(abs)) return 0o755;
    throw new FsError('ENOENT', abs);
  }

  /** Sets the permission bits of a file (links followed). Throws `ENOENT`, `EROFS`. */
  chmod(path: string, mode: number, cwd = '/'): void {
    const abs = this.#follow(resolvePath(path, cwd));
    const at = this.#locate(abs);
    const file = at.store.files.get(at.path);
    if (file === undefined) throw new FsError('ENOENT', abs);
    if (at.readOnly) throw new FsError('EROFS', abs);
    file.mode = mode & 0o7777;
  }

  /** Bytes held by the root filesystem (not mounts): what `resources.diskMb` limits. */
  usedBytes(): number {
    let total = 0;
    for (const file of this.#root.files.values()) total += file.data.length;
    return total;
  }

  /** Creates a directory (with `parents`, every missing ancestor). */
  mkdir(path: string, parents = false, cwd = '/'): void {
    const abs = resolvePath(path, cwd);
    if (this.isDirectory(abs)) return;
    if (this.#file(abs) !== undefined) throw new FsError('ENOTDIR', abs);
    const parent = dirname(abs);
    if (!this.isDirectory(parent)) {
      if (!parents) throw new FsError('ENOENT', abs);
      this.mkdir(parent, true);
    }
    const at = this.#locate(abs);
    if (at.readOnly) throw new FsError('EROFS', abs);
    at.store.dirs.add(at.path);
  }

  /** Removes a file (or, with `recursive`, a directory tree). */
  remove(path: string, recursive = false, cwd = '/'): void {
    const abs = resolvePath(path, cwd);
    const at = this.#locate(abs);
    if (at.readOnly) throw new FsError('EROFS', abs);
    if (at.store.files.delete(at.path)) return;
    if (!this.isDirectory(abs)) throw new FsError('ENOENT', abs);
    if (!recursive) throw new FsError('EISDIR', abs);
    for (const key of [...at.store.files.keys()]) if (isWithin(key, at.path)) at.store.files.delete(key);
    for (const key of [...at.store.dirs]) if (key !== '/' && isWithin(key, at.path)) at.store.dirs.delete(key);
  }

  /** `true` when a file exists at `path` (links followed: a dangling link is no file). */
  isFile(path: string, cwd = '/'): boolean {
    try {
      return this.#file(this.#follow(resolvePath(path, cwd))) !== undefined;
    } catch {
      return false;
    }
  }

  /** `true` when `path` is a directory (explicit, implied by a file below it, or a mount point). */
  isDirectory(path: string, cwd = '/'): boolean {
    const abs = resolvePath(path, cwd);
    if (abs === '/' || this.#mounts.some((m) => isWithin(m.target, abs))) return true;
    const at = this.#locate(abs);
    if (at.store.dirs.has(at.path)) return true;
    for (const dir of at.store.dirs) if (isWithin(dir, at.path) && dir !== at.path) return true;
    for (const key of at.store.files.keys()) if (key !== at.path && isWithin(key, at.path)) return true;
    return false;
  }

  /** Names directly inside a directory, sorted. Throws `ENOENT`/`ENOTDIR`. */
  list(path: string, cwd = '/'): string[] {
    const abs = resolvePath(path, cwd);
    if (!this.isDirectory(abs)) throw new FsError(this.isFile(abs) ? 'ENOTDIR' : 'ENOENT', abs);
    const names = new Set<string>();
    const add = (full: string): void => {
      if (full === abs || !isWithin(full, abs)) return;
      const rest = full.slice(abs === '/' ? 1 : abs.length + 1);
      const first = rest.split('/')[0];
      if (first !== undefined && first !== '') names.add(first);
    };
    const at = this.#locate(abs);
    const toAbs = (p: string): string => resolvePath(`${abs}/${p.slice(at.path.length)}`);
    for (const key of at.store.files.keys()) if (isWithin(key, at.path)) add(toAbs(key));
    for (const dir of at.store.dirs) if (isWithin(dir, at.path)) add(toAbs(dir));
    for (const mount of this.#mounts) add(mount.target);
    return [...names].sort();
  }

  /** `abs` with symbolic links of its last component followed (within this filesystem). Throws `ELOOP`. */
  #follow(abs: string): string {
    let current = abs;
    for (let depth = 0; depth <= MAX_LINK_DEPTH; depth++) {
      const link = this.#file(current)?.link;
      if (link === undefined) return current;
      current = resolvePath(link, dirname(current));
    }
    throw new FsError('ELOOP', abs);
  }

  #file(abs: string): StoredFile | undefined {
    const at = this.#locate(abs);
    return at.store.files.get(at.path);
  }

  #locate(abs: string): Located {
    for (const mount of this.#mounts) {
      if (isWithin(abs, mount.target)) {
        const rest = abs.slice(mount.target.length);
        return { store: mount.store, path: rest === '' ? '/' : rest, readOnly: mount.readOnly };
      }
    }
    return { store: this.#root, path: abs, readOnly: this.#readOnlyRoot };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Re-exported for callers that build their own stores. */
export { FileStore };
