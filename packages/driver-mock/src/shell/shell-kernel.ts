/**
 * What the container's "kernel" enforces for the mini shell: the resource limits of its spec, simulated.
 * The mock driver gives each process one; a process without one runs unlimited.
 */
export interface ShellKernel {
  /** Asks for `count` more processes at once (a pipeline); `false` when the pids limit refuses the fork. */
  fork(count: number): boolean;
  /** Gives back `count` processes (the pipeline ended). */
  release(count: number): void;
  /** Asks for `bytes` of memory; `false` when that exceeds the memory limit (the process is OOM-killed). */
  allocate(bytes: number): boolean;
  /** Called when the process is OOM-killed (the driver reports `oomKilled` for the main process). */
  oomKilled(): void;
  /** A CPU-bound loop starts (`true`) or ends (`false`). */
  burn(on: boolean): void;
  /** `true` when `bytes` more fit on the container's disk (`resources.diskMb`). */
  fits(bytes: number): boolean;
}

/** No limits: every fork, allocation and write succeeds. */
export const UNLIMITED_KERNEL: ShellKernel = {
  fork: () => true,
  release: () => undefined,
  allocate: () => true,
  oomKilled: () => undefined,
  burn: () => undefined,
  fits: () => true,
};
