import type { Observable } from 'rxjs';
import type { MonitoringMetrics } from './monitoring-metrics.js';

/** A session event as monitoring reads it (`SessionManager.events$` fits). */
export interface SessionEventLike {
  /** `created`, `ready`, `executing`, `completed`, `failed`, `expired`, `cleaned`, `dead`. */
  type: string;
  /** The session. */
  sessionId: string;
  /** When it happened (`SessionManager` sets it); when absent, the time the event is seen. */
  timestamp?: Date;
  /** For run events: `executeCode`, `exec`, `execStream`, `runInContext`. */
  operation?: string;
  /** For `completed`: the run's result. */
  result?: { timedOut?: boolean };
}

/**
 * What {@link observeSessions} reads: a session manager's `events$` and `listSessions()` (both optional).
 * `SessionManager` from `@berth/session-manager` fits; monitoring does not depend on it.
 */
export interface SessionSourceLike {
  /** Session events. */
  events$?: Observable<SessionEventLike>;
  /** Every session with its status. */
  listSessions?(): Promise<ReadonlyArray<{ status: string }>>;
}

/** Stops observing a session source. */
export interface SessionObservation {
  /** Unsubscribes from the events and stops counting sessions. Idempotent. */
  detach(): void;
}

/**
 * Records `berth_session_events_total{type}` and `berth_session_execute_code_duration_seconds{outcome}`
 * (from an `executing` event to the matching `completed`/`failed` one, by their timestamps) from the source's
 * events, and `berth_sessions{status}` from `listSessions()` at every scrape.
 *
 * @example
 * ```ts
 * const observation = observeSessions(sessionManager, metrics);
 * ```
 */
export function observeSessions(source: SessionSourceLike, metrics: MonitoringMetrics): SessionObservation {
  const started = new Map<string, number[]>();
  const subscription = source.events$?.subscribe({
    next: (e) => {
      metrics.sessionEvents.inc({ type: e.type });
      if (e.operation !== 'executeCode') return;
      const at = (e.timestamp ?? new Date()).getTime();
      if (e.type === 'executing') {
        const queue = started.get(e.sessionId) ?? [];
        queue.push(at);
        started.set(e.sessionId, queue);
        return;
      }
      if (e.type !== 'completed' && e.type !== 'failed') return;
      const queue = started.get(e.sessionId);
      const start = queue?.shift();
      if (queue !== undefined && queue.length === 0) started.delete(e.sessionId);
      if (start === undefined) return;
      const outcome = e.type === 'failed' ? 'error' : e.result?.timedOut === true ? 'timeout' : 'ok';
      metrics.executeCodeDuration.observe({ outcome }, Math.max(0, at - start) / 1000);
    },
    error: () => undefined,
  });
  const list = source.listSessions;
  const stopCounting = typeof list === 'function' ? metrics.countSessions(() => list.call(source)) : () => undefined;
  return {
    detach() {
      subscription?.unsubscribe();
      stopCounting();
    },
  };
}
