import { randomUUID } from 'node:crypto';

/**
 * A new session id: `ses-` and 20 hex characters (label-, path- and URL-safe).
 *
 * @example
 * ```ts
 * newSessionId(); // 'ses-3f0c9a1b2d4e5f60718a'
 * ```
 */
export function newSessionId(): string {
  return `ses-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
