import { SessionNotFoundError } from '@berth/core';
import { type Observable, Subject } from 'rxjs';
import type { Session, SessionEvent, SessionEventType, SessionFilter } from '../session/index.js';
import { ExpiryIndex } from './expiry-index.js';
import { assertAlive, type SessionRecord, snapshotSession } from './session-record.js';

/**
 * The manager's live sessions by id, and its event stream: who is registered, who can still run,
 * and one place that emits {@link SessionEvent}s.
 *
 * @example
 * ```ts
 * const registry = new SessionRegistry();
 * registry.add(newSessionRecord(session));
 * registry.emit('ready', registry.get(session.id)!);
 * ```
 */
export class SessionRegistry {
  /** Session lifecycle and run events (hot). Completes on {@link complete}. */
  readonly events$: Observable<SessionEvent>;
  /** The registered records by when the reaper must next look at each (follows {@link add} and {@link delete}). */
  readonly expiry = new ExpiryIndex();

  private readonly events = new Subject<SessionEvent>();
  private readonly records = new Map<string, SessionRecord>();

  constructor() {
    this.events$ = this.events.asObservable();
  }

  /** The record of `sessionId`, or `undefined` (never registered, or removed at clean-up). */
  get(sessionId: string): SessionRecord | undefined {
    return this.records.get(sessionId);
  }

  /** Like {@link get}, but `SessionNotFoundError` when unknown. */
  require(sessionId: string): SessionRecord {
    const rec = this.records.get(sessionId);
    if (rec === undefined) throw new SessionNotFoundError(sessionId);
    return rec;
  }

  /**
   * The record of a session that can run: `SessionNotFoundError` when unknown or being cleaned up,
   * `SessionDeadError` when its container is gone.
   */
  live(sessionId: string): SessionRecord {
    const rec = this.records.get(sessionId);
    if (rec === undefined || rec.cleaning !== undefined) throw new SessionNotFoundError(sessionId);
    assertAlive(rec);
    return rec;
  }

  /** Whether `sessionId` is registered. */
  has(sessionId: string): boolean {
    return this.records.has(sessionId);
  }

  /** Registers a record under its session id. */
  add(rec: SessionRecord): void {
    this.records.set(rec.session.id, rec);
    this.expiry.add(rec);
  }

  /** Unregisters a session. */
  delete(sessionId: string): void {
    this.records.delete(sessionId);
    this.expiry.delete(sessionId);
  }

  /** Every registered record, oldest first (a copy: safe to change the registry while iterating). */
  all(): SessionRecord[] {
    return [...this.records.values()];
  }

  /** The records whose container is `containerId`. */
  withContainer(containerId: string): SessionRecord[] {
    return this.all().filter((rec) => rec.session.containerId === containerId);
  }

  /** Snapshots of the registered sessions matching `filter`, oldest first. */
  list(filter: SessionFilter = {}): Session[] {
    const statuses =
      filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    return this.all()
      .map((r) => r.session)
      .filter((s) => filter.agentType === undefined || s.agentType === filter.agentType)
      .filter((s) => statuses === undefined || statuses.includes(s.status))
      .map(snapshotSession);
  }

  /** Emits an event about `rec`'s session (with its container id once it has one). */
  emit(type: SessionEventType, rec: SessionRecord, extra: Partial<SessionEvent> = {}): void {
    const event: SessionEvent = { type, sessionId: rec.session.id, timestamp: new Date(), ...extra };
    if (rec.session.containerId !== '') event.containerId = rec.session.containerId;
    this.events.next(event);
  }

  /** Completes {@link events$}. */
  complete(): void {
    this.events.complete();
  }
}
