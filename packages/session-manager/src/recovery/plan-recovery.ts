import { BERTH_LABELS, type ContainerDriver, type ContainerInstance } from '@berth/core';
import { isOwnerGone } from '../lifecycle/index.js';
import { parseDateLabel, SESSION_LABELS } from '../session/index.js';
import { readSessionMarker, type SessionMarker } from './session-marker.js';

/** Why recovery removes a container. */
export type ReapReason = 'expired' | 'owner-gone' | 'not-running';

/** What recovery decided for one managed container. */
export type RecoveryDecision =
  | { action: 'adopt-session'; container: ContainerInstance; sessionId: string; marker: SessionMarker | null }
  | { action: 'adopt-pool'; container: ContainerInstance; sessionId: string }
  | { action: 'reap'; container: ContainerInstance; reason: ReapReason }
  | { action: 'leave'; container: ContainerInstance };

/** Inputs of {@link planRecovery}. */
export interface RecoveryContext {
  /** The driver to list containers with. */
  driver: ContainerDriver;
  /** This manager's owner id. */
  ownerId: string;
  /** Current time in ms. */
  now: number;
  /** Owner liveness; default {@link isOwnerGone}. */
  ownerGone?: (ownerId: string) => boolean;
}

/**
 * Lists every container labelled `berth.managed=true` with a `berth.owner` and decides, from labels (and a
 * pooled session's marker file) alone:
 *
 * - ours (same owner id) and running and not expired → adopt (as a session, or back into the pool);
 * - ours but not running, or anyone's and expired → reap;
 * - another owner on this host whose process is gone → reap;
 * - anything else (a live owner, another host, no owner label) → leave alone.
 *
 * @example
 * ```ts
 * for (const d of await planRecovery({ driver, ownerId, now: Date.now() })) console.log(d.action);
 * ```
 */
export async function planRecovery(ctx: RecoveryContext): Promise<RecoveryDecision[]> {
  const containers = await ctx.driver.listContainers({ labels: { [BERTH_LABELS.managed]: 'true' } });
  const ownerGone = ctx.ownerGone ?? isOwnerGone;
  const decisions: RecoveryDecision[] = [];
  for (const container of containers) {
    if (container.state === 'removed') continue;
    const labels = container.labels;
    const owner = labels[BERTH_LABELS.owner];
    const sessionId = labels[BERTH_LABELS.session] ?? container.sessionId;
    if (owner === undefined || sessionId === undefined || sessionId === null) {
      decisions.push({ action: 'leave', container });
      continue;
    }
    const pooled = labels[SESSION_LABELS.pool] === 'true';
    const running = container.state === 'running';
    const mine = owner === ctx.ownerId;
    const gone = !mine && ownerGone(owner);
    const marker = pooled && running && !gone ? await readSessionMarker(ctx.driver, container.id) : null;
    const expiresAt = marker !== null ? new Date(marker.expiresAt) : parseDateLabel(labels, BERTH_LABELS.expires);
    const expired = expiresAt !== null && expiresAt.getTime() <= ctx.now;
    if (expired) decisions.push({ action: 'reap', container, reason: 'expired' });
    else if (gone) decisions.push({ action: 'reap', container, reason: 'owner-gone' });
    else if (!mine) decisions.push({ action: 'leave', container });
    else if (!running) decisions.push({ action: 'reap', container, reason: 'not-running' });
    else if (pooled && marker === null) decisions.push({ action: 'adopt-pool', container, sessionId });
    else decisions.push({ action: 'adopt-session', container, sessionId, marker });
  }
  return decisions;
}
