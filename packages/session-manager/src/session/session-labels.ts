import { allowReservedLabels, BERTH_LABELS } from '@berth/core';

/** Labels the session manager adds besides {@link BERTH_LABELS}. */
export const SESSION_LABELS = Object.freeze({
  /** Agent type of the session. */
  agentType: 'berth.agentType',
  /** `true` on containers created for the warm pool (the session id in `berth.session` is pre-generated). */
  pool: 'berth.pool',
} as const);

/** Input of {@link buildSessionLabels}. */
export interface SessionLabelInput {
  /** Session id (pre-generated for pool containers). */
  sessionId: string;
  /** Manager instance id. */
  ownerId: string;
  /** Creation time. */
  createdAt: Date;
  /** Expiry time. */
  expiresAt: Date;
  /** Agent type (`pool` for pool containers until taken). */
  agentType: string;
  /** Whether the container is a pool container. */
  pool: boolean;
  /** Manager-wide then session labels (user labels, never `berth.*`). */
  extra: Record<string, string>;
}

/**
 * The labels of a session container: user labels, then `berth.managed=true`, `berth.session`,
 * `berth.owner`, `berth.created`, `berth.expires`, `berth.agentType`, `berth.pool`. Marked with
 * `allowReservedLabels`, so drivers accept the reserved `berth.*` keys (a client's labels cannot carry them).
 *
 * @example
 * ```ts
 * buildSessionLabels({ sessionId: 's1', ownerId: 'o', createdAt: now, expiresAt: later, agentType: 'python', pool: false, extra: {} });
 * ```
 */
export function buildSessionLabels(input: SessionLabelInput): Record<string, string> {
  return allowReservedLabels({
    ...input.extra,
    [BERTH_LABELS.managed]: 'true',
    [BERTH_LABELS.session]: input.sessionId,
    [BERTH_LABELS.owner]: input.ownerId,
    [BERTH_LABELS.created]: input.createdAt.toISOString(),
    [BERTH_LABELS.expires]: input.expiresAt.toISOString(),
    [SESSION_LABELS.agentType]: input.agentType,
    [SESSION_LABELS.pool]: String(input.pool),
  });
}

/** A date label, or `null` when absent or unparsable. */
export function parseDateLabel(labels: Record<string, string>, key: string): Date | null {
  const raw = labels[key];
  if (raw === undefined) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t);
}
