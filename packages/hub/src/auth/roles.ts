import { verifyScopedProducerToken } from '@berth/core';
import { tokenMatches } from './token-matches.js';

/**
 * What a connection may do: readers subscribe and list; producers may also `publish`; operators may also
 * act on containers and sessions (stop, restart, remove, create a session, run code) and publish.
 */
export type Role = 'reader' | 'producer' | 'operator';

/** The tokens a hub accepts. */
export interface TokenSet {
  /** Reader token; unset means readers need none. */
  authToken?: string;
  /** Producer token; unset means nobody may publish. */
  producerToken?: string;
  /** Operator token; unset means nobody may act on containers or sessions. */
  operatorToken?: string;
}

/**
 * The role a token grants, or `null` for a wrong token. Every configured token is always compared (constant time).
 *
 * @param token - the presented token, or `undefined` when none was presented.
 */
export function roleForToken(tokens: TokenSet, token: string | undefined): Role | null {
  if (token === undefined) return tokens.authToken === undefined ? 'reader' : null;
  const operator = tokens.operatorToken !== undefined && tokenMatches(token, tokens.operatorToken);
  const producer = tokens.producerToken !== undefined && tokenMatches(token, tokens.producerToken);
  const reader = tokens.authToken !== undefined && tokenMatches(token, tokens.authToken);
  if (operator) return 'operator';
  if (producer) return 'producer';
  if (reader) return 'reader';
  return null;
}

/**
 * What a token grants: a role and, for a scoped producer token, the one container or session id it may
 * publish to (and read). `scope` absent: the role applies to every id.
 */
export interface Grant {
  /** The role. */
  role: Role;
  /** The only id this connection may publish to and subscribe to (scoped producer tokens). */
  scope?: string;
}

/**
 * What a token grants, or `null` for a wrong token: the hub's reader, producer and operator tokens (every
 * configured one compared in constant time), or a producer token scoped to one id (`bpt1.…`, verified against
 * the producer token), which grants `producer` limited to that id.
 *
 * @param token - the presented token, or `undefined` when none was presented.
 */
export function grantForToken(tokens: TokenSet, token: string | undefined): Grant | null {
  const role = roleForToken(tokens, token);
  if (role !== null || token === undefined) return role === null ? null : { role };
  const scope = verifyScopedProducerToken(tokens.producerToken, token);
  return scope === null ? null : { role: 'producer', scope };
}

/**
 * The token carried by an upgrade request: `Authorization: Bearer <t>` first, then `?token=<t>`.
 *
 * @returns the token, or `undefined` when the request carries none.
 */
export function tokenFromRequest(
  headers: Record<string, string | string[] | undefined>,
  url: string | undefined,
): string | undefined {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(value.trim());
    if (match?.[1] !== undefined) return match[1].trim();
  }
  if (url !== undefined) {
    const query = new URL(url, 'http://hub.invalid').searchParams.get('token');
    if (query !== null && query !== '') return query;
  }
  return undefined;
}
