/** How an exec ended, as reported by whatever ran it. */
export interface ExecExit {
  /** Exit code, when it exited normally. */
  exitCode: number | null;
  /** Killing signal name, when killed. */
  signal: string | null;
  /** Why the command could not be started at all (e.g. `ENOENT`), else `null`. */
  error: string | null;
}

/** Receives what an exec process produces. */
export interface ExecSink {
  /** A chunk of output. */
  data(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The exec ended (called once). */
  exit(exit: ExecExit): void;
  /** The exec was refused before it started (called once, instead of `exit`). */
  refused(err: Error): void;
}

/** Controls a started exec process. */
export interface ExecControl {
  /** Writes to its stdin (resolves at once when stdin is closed). */
  write(data: string | Uint8Array): Promise<void>;
  /** Closes its stdin. */
  end(): void;
  /** SIGKILLs its whole process group. */
  kill(): void;
}

/** Starts an exec process that reports to `sink`. */
export type ExecStarter = (sink: ExecSink) => ExecControl;
