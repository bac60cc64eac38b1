/** One file of the virtual filesystem. */
export interface StoredFile {
  /** Raw bytes (binary-safe). */
  data: Uint8Array;
  /** Unix permission bits. */
  mode: number;
  /** Last modification. */
  modifiedAt: Date;
  /** For a symbolic link: its target (as given to `ln -s`); `data` is then empty. */
  link?: string;
}

/**
 * The bytes behind a root filesystem, a named volume or a bind mount: files and explicit directories by
 * normalised absolute path (relative to the store's own root). Shared by every container mounting it.
 */
export class FileStore {
  /** Files by path. */
  readonly files = new Map<string, StoredFile>();
  /** Directories created explicitly (parents of files exist implicitly). */
  readonly dirs = new Set<string>(['/']);

  /**
   * @param dirs - directories that exist from the start.
   */
  constructor(dirs: readonly string[] = []) {
    for (const dir of dirs) this.dirs.add(dir);
  }
}
