import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the host offers for sandboxing containers, probed once per driver instance. */
export type SandboxSupport =
  | {
      /** bwrap can create the namespaces a container needs. */
      usable: true;
      /** Absolute path of `bwrap`. */
      bwrap: string;
      /** Absolute path of `nsenter` (util-linux), which execs use to join a running sandbox. */
      nsenter: string;
      /** `true` when the sandbox needs its own user namespace (the driver does not run as root). */
      userns: boolean;
      /** `bwrap --version` output, e.g. `bubblewrap 0.8.0`. */
      version: string;
    }
  | {
      /** bwrap is missing or cannot create namespaces here. */
      usable: false;
      /** Why, in words a user can act on. */
      reason: string;
    };

/** How a missing or broken bubblewrap is fixed (in error messages, health details and the README). */
export const SANDBOX_HINT =
  "install bubblewrap (apt-get install bubblewrap, or scripts/install-bubblewrap.sh), or opt in to running containers unsandboxed with isolation: 'none' (BERTH_LOCAL_ISOLATION=none)";

/** First executable `name` on `PATH` (then the usual system directories), or `null`. */
export function findExecutable(name: string, path = process.env['PATH'] ?? ''): string | null {
  const dirs = [...path.split(delimiter).filter((d) => d.startsWith('/')), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The namespace flags every sandbox gets (plus `--unshare-user` when not root; the network one unless host network). */
export function namespaceArgs(userns: boolean, hostNetwork: boolean): string[] {
  const args = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  if (userns) args.unshift('--unshare-user');
  if (!hostNetwork) args.push('--unshare-net');
  return args;
}

/**
 * Looks for `bwrap` and `nsenter` and runs `bwrap` once with the namespaces a container gets (PID, network, IPC,
 * UTS; a user namespace when not root) to see that this host lets it create them (a container without privileges,
 * or user namespaces disabled, does not). Synchronous: runs once, at driver construction (a few ms).
 */
export function probeSandbox(): SandboxSupport {
  const bwrap = findExecutable('bwrap');
  if (bwrap === null) return { usable: false, reason: 'bubblewrap (bwrap) is not installed' };
  const nsenter = findExecutable('nsenter');
  if (nsenter === null) return { usable: false, reason: 'nsenter (util-linux) is not installed' };
  const userns = process.getuid?.() !== 0;
  let version = 'bubblewrap';
  try {
    version = execFileSync(bwrap, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    execFileSync(
      bwrap,
      [
        ...namespaceArgs(userns, false),
        '--ro-bind',
        '/',
        '/',
        '--proc',
        '/proc',
        '--dev-bind',
        '/dev/null',
        '/dev/null',
        '--',
        'true',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 },
    );
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    return {
      usable: false,
      reason: `bubblewrap (${bwrap}) cannot create namespaces here: ${stderr || String(err)}`,
    };
  }
  return { usable: true, bwrap, nsenter, userns, version };
}
