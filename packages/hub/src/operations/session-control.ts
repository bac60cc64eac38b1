import type { ExecResult } from '@berth/core';
import type { Observable } from 'rxjs';
import type { SessionEventLike } from '../events/index.js';
import type { SnippetLanguage } from '../protocol/index.js';

/** A session as the hub lists it (`Session` from `@berth/session-manager` fits). */
export interface SessionLike {
  /** Session id. */
  id: string;
  /** Its container. */
  containerId: string;
  /** Status (`creating`, `ready`, `busy`, `dead`, `failed`, `expired`, `cleaned`). */
  status: string;
  /** Agent type given at creation. */
  agentType: string;
  /** Image of the container. */
  image: string;
  /** Creation time. */
  createdAt: Date;
  /** When the session is reaped however active it is (TTL). */
  expiresAt: Date;
  /** Last call. */
  lastActivityAt: Date;
  /** The session's own labels. */
  labels: Record<string, string>;
  /** Driver name. */
  driver: string;
}

/** A notebook run's result (`ContextRunResult` from `@berth/session-manager` fits). */
export interface ContextRunResultLike extends ExecResult {
  /** The trailing expression's value. */
  text?: string;
  /** The exception the run raised. */
  error?: { name: string; value: string; traceback: string };
  /** `display()` outputs: MIME type → data (`image/png` base64). */
  outputs?: Record<string, string>[];
}

/**
 * What the hub's operator requests need from a session manager (`SessionManager` fits). Every member is
 * optional on {@link HubServerOptions.sessions}: a request the manager cannot serve gets a `ValidationError`.
 */
export interface SessionControl {
  /** Creates a session and waits until it is ready. */
  createSession(options: { agentType: string; image?: string }): Promise<SessionLike>;
  /** Runs code in a session. */
  executeCode(
    sessionId: string,
    request: { language: SnippetLanguage; code: string; timeoutMs?: number },
  ): Promise<ExecResult>;
  /** Opens a stateful interpreter context (for `executeCode` with `stateful: true`). */
  createContext(sessionId: string, language: SnippetLanguage): Promise<{ id: string }>;
  /** Runs code in a context, notebook style. */
  runInContext(contextId: string, code: string, options: { timeoutMs?: number }): Promise<ContextRunResultLike>;
  /** The live sessions. */
  listSessions(): Promise<SessionLike[]>;
  /** Session lifecycle events (hot). */
  readonly events$: Observable<SessionEventLike>;
}
