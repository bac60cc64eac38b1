import type { ExecResult } from '@berth/core';
import type { Observable } from 'rxjs';
import type { SessionEventLike } from '../events/index.js';
import type { ContextLanguageWire, SnippetLanguage } from '../protocol/index.js';

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
  /** The code ended the context's interpreter (bash `exit`, `os._exit`, `process.exit`): its state is gone. */
  interpreterExited?: true;
}

/** Per-run output callbacks (a piece of output each, as the run writes it). */
export interface OutputCallbacks {
  /** A piece of stdout. */
  onStdout?: (text: string) => void;
  /** A piece of stderr. */
  onStderr?: (text: string) => void;
}

/** An open interpreter context (`SessionContextInfo` from `@berth/session-manager` fits). */
export interface ContextInfoLike {
  /** Context id. */
  id: string;
  /** Its session (absent only in minimal test doubles). */
  sessionId?: string;
  /** Its language. */
  language?: string;
  /** The working directory it was opened in, when given. */
  cwd?: string;
}

/**
 * What the hub's operator requests need from a session manager (`SessionManager` fits). Every member is
 * optional on {@link HubServerOptions.sessions}: a request the manager cannot serve gets a `ValidationError`.
 */
export interface SessionControl {
  /** Creates a session and waits until it is ready. */
  createSession(options: { agentType: string; image?: string }): Promise<SessionLike>;
  /** Runs code in a session; `onStdout`/`onStderr` get each piece of output as it is written. */
  executeCode(
    sessionId: string,
    request: { language: SnippetLanguage; code: string; timeoutMs?: number } & OutputCallbacks,
  ): Promise<ExecResult>;
  /** Opens a stateful interpreter context (`createContext`, and `executeCode` with `stateful: true`). */
  createContext(
    sessionId: string,
    language: ContextLanguageWire,
    options?: { cwd?: string; env?: Record<string, string> },
  ): Promise<ContextInfoLike>;
  /** Runs code in a context, notebook style; `onStdout`/`onStderr` get each piece of output as it is sent. */
  runInContext(
    contextId: string,
    code: string,
    options: { timeoutMs?: number } & OutputCallbacks,
  ): Promise<ContextRunResultLike>;
  /** The open contexts, of every session or of one. */
  listContexts(sessionId?: string): ContextInfoLike[] | Promise<ContextInfoLike[]>;
  /** Kills a context's interpreter and starts a fresh one. */
  restartContext(contextId: string): Promise<ContextInfoLike>;
  /** Stops a context's interpreter. */
  closeContext(contextId: string): Promise<void>;
  /** The live sessions. */
  listSessions(): Promise<SessionLike[]>;
  /** Session lifecycle events (hot). */
  readonly events$: Observable<SessionEventLike>;
}
