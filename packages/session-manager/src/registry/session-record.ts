import type { LogLine } from '@berth/core';
import { LineSplitter, SessionNotFoundError } from '@berth/core';
import { ReplaySubject } from 'rxjs';
import { SerialQueue } from '../concurrency/index.js';
import { SessionDeadError } from '../errors/index.js';
import type { Session } from '../session/index.js';

/** Lines of a session's log replayed to a late `logs$` subscriber. */
export const LOG_REPLAY_LINES = 1000;

/** The manager's private state of one session. */
export interface SessionRecord {
  /** Live session fields (snapshotted for callers). */
  session: Session;
  /** Serialises runs of this session. */
  queue: SerialQueue;
  /** Output of runs, replayed to late subscribers (last {@link LOG_REPLAY_LINES} lines). */
  logs: ReplaySubject<LogLine>;
  /** Counter for run file names. */
  runs: number;
  /** Set once cleanup started. */
  cleaning: Promise<void> | undefined;
}

/** A fresh record for `session`. */
export function newSessionRecord(session: Session): SessionRecord {
  return {
    session,
    queue: new SerialQueue(),
    logs: new ReplaySubject<LogLine>(LOG_REPLAY_LINES),
    runs: 0,
    cleaning: undefined,
  };
}

/** A copy of the session safe to hand out. */
export function snapshotSession(session: Session): Session {
  return {
    ...session,
    createdAt: new Date(session.createdAt),
    expiresAt: new Date(session.expiresAt),
    lastActivityAt: new Date(session.lastActivityAt),
    env: { ...session.env },
    labels: { ...session.labels },
    resources: { ...session.resources },
  };
}

/** Throws `SessionDeadError` for a dead session, `SessionNotFoundError` for one being (or already) cleaned up or expired. */
export function assertAlive(rec: SessionRecord): void {
  const { id, containerId, status } = rec.session;
  if (status === 'dead') throw new SessionDeadError(id, { containerId });
  if (rec.cleaning !== undefined || status === 'cleaned' || status === 'expired')
    throw new SessionNotFoundError(id, { containerId });
}

/** Records activity now (the idle timeout counts from the last activity). */
export function touch(rec: SessionRecord): void {
  rec.session.lastActivityAt = new Date();
}

/** Pushes one line to the session's log, counting it as activity. */
export function publishLine(rec: SessionRecord, stream: 'stdout' | 'stderr', text: string): void {
  touch(rec);
  rec.logs.next({ stream, text, timestamp: new Date() });
}

/**
 * Pushes each line of `text`, a finished command's whole output, to `logs`, split by core's `LineSplitter`
 * (a final newline ends the last line; CRLF dropped; an overlong line in pieces).
 */
export function publishLines(logs: ReplaySubject<LogLine>, stream: 'stdout' | 'stderr', text: string): void {
  if (text === '') return;
  const timestamp = new Date();
  const splitter = new LineSplitter();
  for (const line of [...splitter.push(text), ...splitter.flush()]) logs.next({ stream, text: line, timestamp });
}
