import { execFileSync } from 'node:child_process';
import type { SecurityOptions } from '@berth/core';
import { ValidationError } from '@berth/core';
import { findExecutable } from '../sandbox/sandbox-probe.js';

/** A resolved user to run as. */
export interface RunAs {
  /** Numeric user id. */
  uid: number;
  /** Numeric group id. */
  gid: number;
}

/** Whether this process may switch users and drop capabilities from the bounding set (it runs as root). */
export function canChangePrivileges(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Resolves `uid[:gid]` or `name[:group]` to numbers (names through `id`, so through NSS). A uid without a group
 * runs with gid = the user's primary group when the user exists, else gid = uid.
 *
 * @throws ValidationError naming `path` for an unknown user or group.
 */
export function resolveRunAs(user: string, path = 'security.user'): RunAs {
  const [u = '', g] = user.split(':', 2);
  const lookup = (args: string[], what: string): number => {
    try {
      return Number(execFileSync('id', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    } catch {
      throw new ValidationError([{ path, message: `unknown ${what} on this host` }], {}, 'container spec');
    }
  };
  const uid = /^\d+$/.test(u) ? Number(u) : lookup(['-u', u], `user "${u}"`);
  let gid: number;
  if (g !== undefined && /^\d+$/.test(g)) gid = Number(g);
  else if (g !== undefined) gid = groupId(g, path);
  else if (/^\d+$/.test(u)) gid = uid;
  else gid = lookup(['-g', u], `user "${u}"`);
  return { uid, gid };
}

function groupId(name: string, path: string): number {
  try {
    const line = execFileSync('getent', ['group', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const gid = Number(line.split(':')[2]);
    if (Number.isInteger(gid)) return gid;
  } catch {
    // falls through to the error
  }
  throw new ValidationError([{ path, message: `unknown group "${name}" on this host` }], {}, 'container spec');
}

/** `CAP_NET_ADMIN` / `NET_ADMIN` → `net_admin` (setpriv's spelling). */
function capName(name: string): string {
  return name.toLowerCase().replace(/^cap_/, '');
}

let setprivPath: string | undefined;
/**
 * `setpriv` as an absolute path in the system directories (`/usr/bin/setpriv`): it runs with every capability, in a
 * sandbox after its root is entered, so it must never be looked up in a `PATH` of the spec's (which may name a
 * directory the container writes). Found once.
 */
function setpriv(): string {
  setprivPath ??= findExecutable('setpriv', '') ?? 'setpriv';
  return setprivPath;
}

/**
 * The `setpriv` prefix that applies a container's security options to a process it runs (main process and every
 * exec), or `[]` when there is nothing to apply:
 * - `no-new-privileges` (default on): `--no-new-privs`;
 * - capabilities (default: drop ALL, add none), as root: the bounding and inheritable sets are cut to `add`, so a
 *   root process keeps only those (a non-root process has none to drop);
 * - `user` (or the exec's `user`), as root: `--reuid/--regid --clear-groups`.
 *
 * @throws ValidationError when a user switch is asked for and the driver does not run as root.
 */
export function privilegeArgs(security: SecurityOptions | undefined, execUser?: string): string[] {
  const s = security ?? {};
  const root = canChangePrivileges();
  const args: string[] = [];
  if (s.noNewPrivileges !== false) args.push('--no-new-privs');
  if (root) {
    const drop = (s.capabilities?.drop ?? ['ALL']).map(capName);
    const add = (s.capabilities?.add ?? []).map(capName).filter((c) => c !== 'all');
    const set = drop.includes('all')
      ? ['-all', ...add.map((c) => `+${c}`)]
      : drop.filter((c) => !add.includes(c)).map((c) => `-${c}`);
    if (set.length > 0) {
      args.push(`--bounding-set=${set.join(',')}`, `--inh-caps=${drop.includes('all') ? '-all' : set.join(',')}`);
    }
  }
  const user = execUser ?? s.user;
  if (user !== undefined) {
    const path = execUser !== undefined ? 'user' : 'security.user';
    if (!root) {
      throw new ValidationError(
        [{ path, message: 'the local driver can switch users only when it runs as root' }],
        {},
        'container spec',
      );
    }
    const { uid, gid } = resolveRunAs(user, path);
    args.push(`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups');
  }
  return args.length === 0 ? [] : [setpriv(), ...args, '--'];
}
