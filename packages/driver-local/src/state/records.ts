import type { ContainerSpec } from '@berth/core';

/** What `container.json` holds. */
export interface ContainerRecord {
  /** Container id (hex). */
  id: string;
  /** Container name. */
  name: string;
  /** The validated spec. */
  spec: ContainerSpec;
  /** All labels (spec labels plus `berth.*`). */
  labels: Record<string, string>;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last start. */
  startedAt?: string;
  /** Id of the current (or last) run; increases with every start. 0 = never started. */
  runId: number;
  /** Absolute working directory on the host. */
  cwd: string;
}

/** What the supervisor writes to `run/state.json` once the main process runs. */
export interface RunState {
  /** The run this state belongs to. */
  runId: number;
  /** Supervisor pid. */
  supervisorPid: number;
  /** Supervisor start time (clock ticks after boot). */
  supervisorStartTicks: number;
  /**
   * Main process pid (also its process group id). For a sandboxed run: the pid of the sandbox's init (bwrap's
   * pid 1 of the container's PID namespace), whose process group holds the container's processes and whose
   * namespaces execs join.
   */
  pid: number;
  /** Main process start time (clock ticks after boot). */
  startTicks: number;
  /** ISO time the main process started. */
  startedAt: string;
  /**
   * Exec socket (relative to the run directory) the supervisor serves execs on, when it does; absent or
   * `null` for supervisors without it (then execs join the cgroups through a `sh` wrapper).
   */
  execSocket?: string | null;
}

/** What the supervisor writes to `run/exit.json` when the main process has ended. */
export interface ExitRecord {
  /** The run that ended. */
  runId: number;
  /** Exit code; `128 + n` when killed by signal `n`. */
  exitCode: number;
  /** Killing signal, if any. */
  signal: string | null;
  /** `true` when the cgroup recorded an OOM kill. */
  oomKilled: boolean;
  /** ISO time of the exit. */
  finishedAt: string;
  /** Set when the command could not be started at all. */
  error?: string;
}

/** What the driver writes to `run/launch.json` for the supervisor. */
export interface LaunchSpec {
  /** The run id to stamp on state and exit files. */
  runId: number;
  /** argv of the process to spawn (already wrapped for cgroups/rlimits). */
  argv: string[];
  /** Working directory. */
  cwd: string;
  /** Full environment. */
  env: Record<string, string>;
  /** Log file to append to. */
  logFile: string;
  /** State file to write. */
  stateFile: string;
  /** Exit file to write. */
  exitFile: string;
  /** The container's cgroup directories (killed and removed at exit). */
  cgroupDirs: string[];
  /** Files holding the OOM-kill counter (`memory.oom_control` or `memory.events`). */
  oomFiles: string[];
  /** Env marker `BERTH_CONTAINER_ID=<id>` (to find processes that left the process group). */
  marker: string;
  /** Exec socket name, relative to the run directory; absent: the supervisor serves no execs. */
  execSocket?: string;
  /** Files the supervisor writes its pid to, to join the container's cgroups before forking an exec. */
  execJoin?: string[];
  /** Files it writes its pid to afterwards, to go back to its own cgroups. */
  execLeave?: string[];
  /** Set when the run is sandboxed (argv starts with bwrap, which reports its init's pid on fd 3). */
  sandbox?: LaunchSandbox;
  /** bwrap's options, which the supervisor writes NUL-separated on fd 5 (`bwrap --args 5`): not in any argv. */
  sandboxArgs?: string[];
}

/** How a sandboxed run is joined by its execs. */
export interface LaunchSandbox {
  /** Absolute path of `nsenter`. */
  nsenter: string;
  /** Whether the sandbox has its own user namespace (the driver was not root). */
  userns: boolean;
  /**
   * Whether it shares the host's network namespace (`network: 'host'`): execs then do not join a network
   * namespace (they are in the host's already; from inside a user namespace they could not join it).
   */
  hostNetwork?: boolean;
  /** Working directory of the sandbox's init, where an exec without its own `workingDir` starts (no `cd`). */
  workingDir?: string;
  /** The run's seccomp filter (absent: none), which each exec installs too (see `execSeccompArgs`). */
  seccomp?: { file: string; bwrap: string };
}

/** What `volume.json` holds. */
export interface VolumeRecord {
  /** Volume name. */
  name: string;
  /** Labels. */
  labels: Record<string, string>;
  /** ISO creation time. */
  createdAt: string;
}

/** What `networks/<id>.json` holds. */
export interface NetworkRecord {
  /** Network id. */
  id: string;
  /** Network name. */
  name: string;
  /** Labels. */
  labels: Record<string, string>;
  /** Recorded only: the local driver does not isolate networks. */
  internal: boolean;
  /** ISO creation time. */
  createdAt: string;
}
