import { BERTH_LABELS, type ContainerSpec } from '@berth/core';

/**
 * The labels a container gets: the user's, then Berth's own (which win): `berth.managed=true`,
 * `berth.session=<id>` (when the spec has a session) and `berth.created=<iso time>` (unless the user set it,
 * e.g. the session manager, which also sets `berth.owner` and `berth.expires`).
 */
export function berthLabels(spec: ContainerSpec, now: Date = new Date()): Record<string, string> {
  const labels: Record<string, string> = { ...(spec.labels ?? {}) };
  labels[BERTH_LABELS.managed] = 'true';
  if (spec.sessionId !== undefined) labels[BERTH_LABELS.session] = spec.sessionId;
  labels[BERTH_LABELS.created] ??= now.toISOString();
  return labels;
}
