import type { ContextLanguage } from './interpreter-context.js';

/** An open stateful interpreter context. */
export interface SessionContextInfo {
  /** Context id for `runInContext` / `closeContext`. */
  id: string;
  /** The session it runs in. */
  sessionId: string;
  /** Its language. */
  language: ContextLanguage;
}
