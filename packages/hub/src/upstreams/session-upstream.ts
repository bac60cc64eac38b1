import type { LogLine } from '@berth/core';
import { map, Observable } from 'rxjs';
import type { ChannelEvent } from '../channels/channel-event.js';

/** The part of a session manager the hub streams from (`SessionManager` from `@berth/session-manager` fits). */
export interface SessionSource {
  /** Log lines of a session's container(s); completes when the session ends. */
  logs$(sessionId: string): Observable<LogLine>;
  /**
   * Rejects (`SessionNotFoundError`) for an unknown session. When present, `subscribe { sessionId }` asks it
   * first, so an unknown session is answered with the error alone.
   */
  getSession?(sessionId: string): Promise<unknown>;
}

/** A session channel's upstream: the session's log lines, then completion. */
export function sessionUpstream(sessions: SessionSource, sessionId: string): Observable<ChannelEvent> {
  return new Observable<ChannelEvent>((subscriber) =>
    sessions
      .logs$(sessionId)
      .pipe(map((line): ChannelEvent => ({ kind: 'log', line })))
      .subscribe(subscriber),
  );
}
