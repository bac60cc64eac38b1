import { allowReservedLabels, BERTH_LABELS } from '@berth/core';

/** Labels the session manager adds besides {@link BERTH_LABELS}. */
export const SESSION_LABELS = Object.freeze({
  /** Agent type of the session. */
  agentType: 'berth.agentType',
  /** `true` on containers created for the warm pool (the session id in `berth.session` is pre-generated). */
  pool: 'berth.pool',
  /** Agent capabilities of the session, comma-separated (`python,javascript`); absent when it has none. */
  capabilities: 'berth.capabilities',
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
  /** Agent capabilities (`['python', 'javascript']`); written as `berth.capabilities` when there are any. */
  capabilities?: readonly string[];
}

/**
 * The labels of a session container: user labels, then `berth.managed=true`, `berth.session`,
 * `berth.owner`, `berth.created`, `berth.expires`, `berth.agentType`, `berth.pool` and, with agent capabilities,
 * `berth.capabilities`. Marked with
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
    ...(input.capabilities !== undefined && input.capabilities.length > 0
      ? { [SESSION_LABELS.capabilities]: input.capabilities.join(',') }
      : {}),
  });
}

/**
 * The agent capabilities recorded in a container's `berth.capabilities` label (`[]` when absent).
 *
 * @example
 * ```ts
 * parseCapabilitiesLabel({ 'berth.capabilities': 'python,javascript' }); // ['python', 'javascript']
 * ```
 */
export function parseCapabilitiesLabel(labels: Record<string, string>): string[] {
  const raw = labels[SESSION_LABELS.capabilities];
  return raw === undefined || raw === '' ? [] : raw.split(',');
}

/** A date label, or `null` when absent or unparsable. */
export function parseDateLabel(labels: Record<string, string>, key: string): Date | null {
  const raw = labels[key];
  if (raw === undefined) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t);
}
