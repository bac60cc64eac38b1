/** POSIX-like error codes of the virtual filesystem. */
export type FsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EROFS' | 'EEXIST' | 'ELOOP';

const MESSAGES: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ELOOP: 'Symbolic link loop',
};

/** A failed virtual filesystem operation; the shell prints {@link reason}, the driver maps the code. */
export class FsError extends Error {
  /** POSIX code. */
  readonly code: FsErrorCode;
  /** The path concerned. */
  readonly path: string;
  /** The strerror-like text (`No such file or directory`). */
  readonly reason: string;

  /**
   * @param code - POSIX code.
   * @param path - the path concerned.
   */
  constructor(code: FsErrorCode, path: string) {
    super(`${path}: ${MESSAGES[code]}`);
    this.name = 'FsError';
    this.code = code;
    this.path = path;
    this.reason = MESSAGES[code];
  }
}
