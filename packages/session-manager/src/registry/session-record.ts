import type { LogLine } from '@berth/core';
import { ReplaySubject } from 'rxjs';
import { SerialQueue } from '../concurrency/index.js';
import type { Session } from '../session/index.js';

/** The manager's private state of one session. */
export interface SessionRecord {
  /** Live session fields (snapshotted for callers). */
  session: Session;
  /** Serialises runs of this session. */
  queue: SerialQueue;
  /** Ids of its open contexts. */
  contexts: Set<string>;
  /** Output of runs, replayed to late subscribers (last 1000 lines). */
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
    contexts: new Set(),
    logs: new ReplaySubject<LogLine>(1000),
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

/** Pushes each line of `text` (trailing newline dropped) to `logs`. */
export function publishLines(logs: ReplaySubject<LogLine>, stream: 'stdout' | 'stderr', text: string): void {
  if (text === '') return;
  const timestamp = new Date();
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (const line of lines) logs.next({ stream, text: line, timestamp });
}
