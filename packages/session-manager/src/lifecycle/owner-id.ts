import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A new manager instance id `<hostname>:<pid>:<random>`, so another manager on the same host can tell
 * (with {@link isOwnerGone}) that the owning process has died.
 *
 * @example
 * ```ts
 * newOwnerId(); // 'build-box:4242:9f2c1a7e'
 * ```
 */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Host and pid embedded in an owner id made by {@link newOwnerId}, or `null` for other ids. */
export function parseOwnerId(ownerId: string): { host: string; pid: number } | null {
  const m = /^(.+):(\d+):[^:]+$/.exec(ownerId);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  const pid = Number(m[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { host: m[1], pid } : null;
}

/** `true` when the process `pid` exists on this host (EPERM counts as alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `true` when `ownerId` names a process on this host that no longer exists. Ids of other hosts, and
 * ids not made by {@link newOwnerId}, are never "gone" (only their expiry lets them be reaped).
 *
 * @example
 * ```ts
 * isOwnerGone(`${hostname()}:999999:abcd`); // true (no such pid)
 * ```
 */
export function isOwnerGone(ownerId: string, alive: (pid: number) => boolean = isProcessAlive): boolean {
  const parsed = parseOwnerId(ownerId);
  if (parsed === null || parsed.host !== hostname()) return false;
  return !alive(parsed.pid);
}
