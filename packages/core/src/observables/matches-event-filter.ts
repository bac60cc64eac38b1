import { BERTH_LABELS } from '../contract/labels.js';
import type { DriverEvent, EventFilter } from '../contract/operations.js';

/**
 * `true` when `event` passes every field given in `filter` (an absent or empty filter passes everything):
 *
 * - `containerId`: equal.
 * - `sessionId`: equal to `event.sessionId`, or to the event's `berth.session` label.
 * - `labels`: every given label present on the event with the same value.
 * - `types`: the event's type is listed (an empty list restricts nothing).
 *
 * @example
 * ```ts
 * matchesEventFilter(event, { sessionId: 's1', types: ['exited', 'oom'] });
 * ```
 */
export function matchesEventFilter(event: DriverEvent, filter: EventFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.containerId !== undefined && event.containerId !== filter.containerId) return false;
  if (filter.sessionId !== undefined) {
    const session = event.sessionId ?? event.labels?.[BERTH_LABELS.session];
    if (session !== filter.sessionId) return false;
  }
  if (filter.labels !== undefined) {
    for (const [key, value] of Object.entries(filter.labels)) {
      if (event.labels?.[key] !== value) return false;
    }
  }
  if (filter.types !== undefined && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  return true;
}
