import type { SessionStatus } from './session.js';

/** Filter of `listSessions`. */
export interface SessionFilter {
  /** Only this agent type. */
  agentType?: string;
  /** Only these statuses. */
  status?: SessionStatus | SessionStatus[];
}
