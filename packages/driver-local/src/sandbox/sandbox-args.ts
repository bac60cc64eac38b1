import type { HostView } from './host-view.js';
import { namespaceArgs } from './sandbox-probe.js';

/** File descriptor of the supervisor's child on which bwrap reports the sandbox's pid (`--info-fd`). */
export const SANDBOX_INFO_FD = 3;
/** File descriptor on which the main process's wrapper reports the sandbox set up (see {@link inDirArgs}). */
export const SANDBOX_READY_FD = 4;
const SANDBOX_READY_FD_TEXT = String(SANDBOX_READY_FD);
/**
 * File descriptor on which the supervisor hands bwrap its options (`--args`, NUL-separated), so they are not in
 * bwrap's argv: the sandbox's init is a fork of bwrap, and its `/proc/1/cmdline`, readable by every process in the
 * sandbox, would show the host paths of the rootfs and of every volume.
 */
export const SANDBOX_ARGS_FD = 5;

/** Device nodes a container gets in its `/dev` (bound from the host's). */
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'] as const;

/** A volume or bind mount as the sandbox binds it. */
export interface SandboxMount {
  /** Host path (a volume's data directory or the bind source). */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  /** Bind it read-only (`--ro-bind`), as the container's own `/etc/hosts` is. Default `false`. */
  readOnly?: boolean;
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
 *   may not read in `/etc` hidden; its top-level links (`/bin`, `/lib64` …) as read-only directories; a `/proc`
 *   of its own with `/proc/sys` read-only; a `/dev` of a few device nodes; volumes and binds
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
  // the host's top-level links (`/bin` → `usr/bin`, `/lib64` …) are bound as read-only directories, not recreated as
  // links in the writable root: a container that could replace them would choose the `/bin/sh`, `setpriv`, ELF
  // interpreter and libraries that the next exec (and the next start) runs with every capability before the drop
  for (const link of s.host.symlinks) args.push('--ro-bind', link.path, link.path);
  for (const dir of s.host.hiddenDirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const file of s.host.hiddenFiles) args.push('--ro-bind', '/dev/null', file);
  // bwrap makes /proc/sys read-only only when access(W_OK) says it is writable, which the kernel never says of
  // that directory: without this, uid 0 without capabilities writes the host's global sysctls (core_pattern …)
  args.push('--proc', '/proc', '--ro-bind', '/proc/sys', '/proc/sys', '--tmpfs', '/dev');
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
  for (const m of mounts) args.push(m.readOnly === true ? '--ro-bind' : '--bind', m.source, m.target);
  args.push('--hostname', s.hostname, '--new-session', '--die-with-parent', '--chdir', s.chdir ?? '/');
  args.push('--info-fd', String(SANDBOX_INFO_FD), '--');
  return args;
}

/**
 * {@link sandboxArgs} split for `--args`: `argv` is `bwrap --args <fd> --` (the command follows), `options` what the
 * supervisor writes on fd {@link SANDBOX_ARGS_FD}.
 */
export function sandboxArgsViaFd(s: SandboxSpec): { argv: string[]; options: string[] } {
  const all = sandboxArgs(s);
  return { argv: [s.bwrap, '--args', String(SANDBOX_ARGS_FD), '--'], options: all.slice(1, -1) };
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

/** Where the wrapper, still holding every capability, looks up `mkdir` and `chown`: read-only host binds only. */
const SAFE_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
/** The script of {@link inDirArgs}: `$1` the directory, `$2` an owner for it or empty, then the command. */
const IN_DIR_SCRIPT = `d=$1; o=$2; shift 2; { [ -d "$d" ] || PATH=${SAFE_PATH} mkdir -p -- "$d"; } && { [ -z "$o" ] || PATH=${SAFE_PATH} chown -- "$o" "$d"; } && cd -- "$d" || exit 126; exec "$@"`;

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
 * entered. Applied before the privilege drop (`setpriv`), so with every capability: `sh` is `/bin/sh` and
 * `mkdir`/`chown` are looked up in the system directories only (never in a `PATH` of the spec's, which may name a
 * directory the container writes), all of them read-only host binds. With `ready`, reports the sandbox set up
 * first (the main process: see `IN_DIR_READY_SCRIPT`).
 */
export function inDirArgs(dir: string, owner?: string, ready = false): string[] {
  return ['/bin/sh', '-c', ready ? IN_DIR_READY_SCRIPT : IN_DIR_SCRIPT, 'berth-cd', dir, owner ?? ''];
}
