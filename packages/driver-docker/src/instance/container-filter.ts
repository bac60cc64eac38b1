import { BERTH_LABELS, type ContainerFilter, type ContainerState } from '@berth/core';

/**
 * The engine's label filter for a `ContainerFilter`: each of its labels as `key=value`, and its `sessionId` as
 * Berth's session label. Empty when it names neither.
 */
export function containerLabelFilter(f: ContainerFilter): string[] {
  const labels = Object.entries(f.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (f.sessionId !== undefined) labels.push(`${BERTH_LABELS.session}=${f.sessionId}`);
  return labels;
}

/** The states a `ContainerFilter` asks for, as a list; `undefined` when it names none. */
export function filterStates(f: ContainerFilter): ContainerState[] | undefined {
  return f.state === undefined ? undefined : Array.isArray(f.state) ? f.state : [f.state];
}
