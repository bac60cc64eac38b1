import { BERTH_LABELS, type ContainerDriver, type ContainerInstance } from '@berth/core';
import { removeQuietly } from '../lifecycle/index.js';
import {
  buildSession,
  parseCapabilitiesLabel,
  parseDateLabel,
  SESSION_LABELS,
  type Session,
} from '../session/index.js';
import type { PoolEntry } from '../warm-pool/index.js';
import type { RecoveryDecision } from './plan-recovery.js';
import type { RecoveryReport } from './recovery-report.js';
import type { SessionMarker } from './session-marker.js';

/** Where {@link applyRecovery} puts what it adopts. */
export interface RecoveryTarget {
  /** The driver (reaped containers are removed through it). */
  driver: ContainerDriver;
  /** Current time in ms (the same as the plan's). */
  now: number;
  /** Session TTL in ms, for containers without a readable expiry. */
  timeoutMs: number;
  /** Idle timeout in ms, for sessions without a marker. */
  idleTimeoutMs: number;
  /** Takes an idle pool container back; `false` when the pool does not want it (it is removed then). */
  adoptPoolEntry(entry: PoolEntry): boolean;
  /** Whether the session is known already (it is not adopted twice). */
  hasSession(sessionId: string): boolean;
  /** Takes an adopted session in (it counts against the session limit, even over it). */
  adoptSession(session: Session): void;
}

/**
 * Carries out {@link planRecovery}'s decisions: removes the containers to reap, gives idle pool containers
 * back to the pool (or removes them when it is full) and adopts sessions (`ready`, with their labels and
 * marker data). Containers to leave are left.
 *
 * @example
 * ```ts
 * const now = Date.now();
 * const report = await applyRecovery(await planRecovery({ driver, ownerId, now }), target);
 * ```
 */
export async function applyRecovery(decisions: RecoveryDecision[], target: RecoveryTarget): Promise<RecoveryReport> {
  const report: RecoveryReport = { adopted: [], returnedToWarmPool: [], reaped: [] };
  for (const d of decisions) {
    const c = d.container;
    if (d.action === 'reap') {
      await removeQuietly(target.driver, c.id);
      report.reaped.push({
        containerId: c.id,
        sessionId: c.labels[BERTH_LABELS.session] ?? c.sessionId,
        reason: d.reason,
      });
    } else if (d.action === 'adopt-pool') {
      const entry: PoolEntry = {
        sessionId: d.sessionId,
        containerId: c.id,
        image: c.image,
        createdAt: parseDateLabel(c.labels, BERTH_LABELS.created) ?? c.createdAt,
        expiresAt: parseDateLabel(c.labels, BERTH_LABELS.expires) ?? new Date(target.now + target.timeoutMs),
      };
      if (target.adoptPoolEntry(entry)) report.returnedToWarmPool.push(c.id);
      else {
        await removeQuietly(target.driver, c.id);
        report.reaped.push({ containerId: c.id, sessionId: d.sessionId, reason: 'pool-not-needed' });
      }
    } else if (d.action === 'adopt-session') {
      if (target.hasSession(d.sessionId)) continue;
      target.adoptSession(adoptedSession(c, d.sessionId, d.marker, target));
      report.adopted.push(d.sessionId);
    }
  }
  return report;
}

/** The session of an adopted container: marker data first (a pooled session's), then labels, then defaults. */
function adoptedSession(
  c: ContainerInstance,
  sessionId: string,
  m: SessionMarker | null,
  target: RecoveryTarget,
): Session {
  const { now } = target;
  return buildSession({
    id: sessionId,
    containerId: c.id,
    status: 'ready',
    agentType: m?.agentType ?? c.labels[SESSION_LABELS.agentType] ?? 'unknown',
    capabilities: parseCapabilitiesLabel(c.labels),
    image: c.image,
    createdAt: m !== null ? new Date(m.createdAt) : (parseDateLabel(c.labels, BERTH_LABELS.created) ?? c.createdAt),
    expiresAt:
      m !== null
        ? new Date(m.expiresAt)
        : (parseDateLabel(c.labels, BERTH_LABELS.expires) ?? new Date(now + target.timeoutMs)),
    lastActivityAt: new Date(now),
    idleTimeoutMs: m !== null && m.idleTimeoutMs > 0 ? m.idleTimeoutMs : target.idleTimeoutMs,
    labels: Object.fromEntries(Object.entries(c.labels).filter(([k]) => !k.startsWith('berth.'))),
    resources: c.resources,
    fromWarmPool: c.labels[SESSION_LABELS.pool] === 'true',
    adopted: true,
    driver: target.driver.name,
  });
}
