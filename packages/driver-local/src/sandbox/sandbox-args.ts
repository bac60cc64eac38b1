import type { HostView } from './host-view.js';
import { namespaceArgs } from './sandbox-probe.js';

/** File descriptor of the supervisor's child on which bwrap reports the sandbox's pid (`--info-fd`). */
export const SANDBOX_INFO_FD = 3;
/** File descriptor on which the main process's wrapper reports the sandbox set up (see {@link inDirArgs}). */
export const SANDBOX_READY_FD = 4;
const SANDBOX_READY_FD_TEXT = String(SANDBOX_READY_FD);

/** Device nodes a container gets in its `/dev` (bound from the host's). */
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'] as const;

/** A volume or bind mount as the sandbox binds it. */
export interface SandboxMount {
  /** Host path (a volume's data directory or the bind source). */
  source: string;
  /** Absolute path inside the container. */
  target: string;
}

/** What one container's sandbox is made of. */
export interface SandboxSpec {
  /** Absolute path of `bwrap`. */
  bwrap: string;
  /** Whether the sandbox gets its own user namespace (the driver does not run as root). */
  userns: boolean;
  /** The container's rootfs on the host: its writable `/`. */
  rootfs: string;
  /** The host's system as the container sees it. */
  host: HostView;
  /** Volumes and binds. */
  mounts: SandboxMount[];
  /** Share the host's network namespace (`network: 'host'`); otherwise only a loopback of its own. */
  hostNetwork: boolean;
  /** The container's hostname. */
  hostname: string;
  /** Working directory of bwrap's init (and so of execs joining with `nsenter --wd`); must exist. Default `/`. */
  chdir?: string;
}

/**
 * The `bwrap … --` prefix that runs a container's main process in its sandbox:
 * - mount namespace: the rootfs as the writable `/`; the host's `/usr`, `/etc` … read-only, with what others
 *   may not read in `/etc` hidden; a `/proc` of its own; a `/dev` of a few device nodes; volumes and binds
 *   bound at their targets (outermost first); nothing else of the host (no `/home`, `/root`, host `/tmp`);
 * - PID namespace (bwrap's init is pid 1 and reaps; when the main process exits every process of the
 *   sandbox is killed), IPC and UTS namespaces (hostname), cgroup namespace where the kernel has one;
 * - network namespace with loopback only, unless `hostNetwork`;
 * - a user namespace only when the driver is not root (as root none: `setpriv` then applies the container's
 *   user and capabilities inside, as without the sandbox);
 * - `--new-session` (the sandbox's processes are a session and process group of their own, whose id is the
 *   pid of bwrap's init; a terminal cannot be fed input) and `--die-with-parent`;
 * - `--info-fd` {@link SANDBOX_INFO_FD}: bwrap writes `{"child-pid": <init pid>}` there once the namespaces exist.
 *
 * The rootfs must already hold the mount points (see `prepareSandboxRoot`): bwrap is not left to create them.
 */
export function sandboxArgs(s: SandboxSpec): string[] {
  const args = [s.bwrap, ...namespaceArgs(s.userns, s.hostNetwork)];
  args.push('--bind', s.rootfs, '/');
  for (const dir of s.host.dirs) args.push('--ro-bind', dir, dir);
  for (const dir of s.host.hiddenDirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const file of s.host.hiddenFiles) args.push('--ro-bind', '/dev/null', file);
  args.push('--proc', '/proc', '--tmpfs', '/dev');
  for (const d of DEVICES) args.push('--dev-bind', `/dev/${d}`, `/dev/${d}`);
  args.push(
    '--symlink',
    '/proc/self/fd',
    '/dev/fd',
    '--symlink',
    '/proc/self/fd/0',
    '/dev/stdin',
    '--symlink',
    '/proc/self/fd/1',
    '/dev/stdout',
    '--symlink',
    '/proc/self/fd/2',
    '/dev/stderr',
    '--tmpfs',
    '/dev/shm',
  );
  const mounts = [...s.mounts].sort((a, b) => depth(a.target) - depth(b.target));
  for (const m of mounts) args.push('--bind', m.source, m.target);
  args.push('--hostname', s.hostname, '--new-session', '--die-with-parent', '--chdir', s.chdir ?? '/');
  args.push('--info-fd', String(SANDBOX_INFO_FD), '--');
  return args;
}

function depth(path: string): number {
  return path.split('/').filter((p) => p !== '').length;
}

/**
 * The `nsenter … --` prefix that runs an exec inside the running sandbox whose init has host pid `initPid`: it
 * joins its user (when it has one), mount, UTS, IPC, network (unless `hostNetwork`: the exec is in the host's
 * already, and from inside a user namespace could not join it) and PID namespaces (forking, so the command is
 * inside the PID namespace), takes the init's root and working directory (both inside the container: a
 * working directory from the host would be a way out of the root).
 */
export function nsenterArgs(nsenter: string, initPid: number, userns: boolean, hostNetwork = false): string[] {
  const args = [nsenter, '-t', String(initPid)];
  if (userns) args.push('--user', '--preserve-credentials');
  args.push('--mount', '--uts', '--ipc');
  if (!hostNetwork) args.push('--net');
  args.push('--pid', '--root', '--wd', '--');
  return args;
}

/** The script of {@link inDirArgs}: `$1` the directory, `$2` an owner for it or empty, then the command. */
const IN_DIR_SCRIPT =
  'd=$1; o=$2; shift 2; { [ -d "$d" ] || mkdir -p -- "$d"; } && { [ -z "$o" ] || chown -- "$o" "$d"; } && cd -- "$d" || exit 126; exec "$@"';

/**
 * {@link IN_DIR_SCRIPT} that also reports, by writing `R` to fd {@link SANDBOX_READY_FD} (then closed, so the
 * command never holds it), that the sandbox is set up: only then may an exec join its namespaces (before, its
 * init may still be on the host's root).
 */
const IN_DIR_READY_SCRIPT = IN_DIR_SCRIPT.replace(
  'exec "$@"',
  `printf R >&${SANDBOX_READY_FD_TEXT}; exec ${SANDBOX_READY_FD_TEXT}>&-; exec "$@"`,
);

/**
 * Runs the rest of argv in container directory `dir` (created first when missing and, with `owner`
 * (`uid:gid`), handed to that user — both inside the container, so its own symlinks resolve inside it), `sh`
 * being the container's (the host's `/bin/sh`, read-only). Exits 126 when the directory cannot be made or
 * entered. Applied before the privilege drop (`setpriv`). With `ready`, reports the sandbox set up first (the
 * main process: see `IN_DIR_READY_SCRIPT`).
 */
export function inDirArgs(dir: string, owner?: string, ready = false): string[] {
  return ['/bin/sh', '-c', ready ? IN_DIR_READY_SCRIPT : IN_DIR_SCRIPT, 'berth-cd', dir, owner ?? ''];
}
