import type { ContextLanguage } from './context-runtimes.js';

/** An open stateful interpreter context. */
export interface SessionContextInfo {
  /** Context id for `runInContext` / `restartContext` / `closeContext`. */
  id: string;
  /** The session it runs in. */
  sessionId: string;
  /** Its language. */
  language: ContextLanguage;
  /** The working directory it was opened in, when given (else the session's working directory). */
  cwd?: string;
}
