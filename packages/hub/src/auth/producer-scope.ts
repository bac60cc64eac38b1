import { createHmac, timingSafeEqual } from 'node:crypto';

/** Prefix of a scoped producer token (the format of `deriveProducerToken` in `@berth/session-manager`). */
const PREFIX = 'bpt1';
const CONTEXT = 'berth-producer-token-v1\n';
/** Longest id a scoped token may name (the protocol's id bound). */
const MAX_SCOPE = 256;

/**
 * The id a scoped producer token may publish to, or `null` when the token is not one or its MAC is wrong.
 *
 * A scoped token is `bpt1.<base64url(id)>.<base64url(HMAC-SHA256(secret, context + id))>`, minted by a session
 * manager given the hub's producer token (`deriveProducerToken` in `@berth/session-manager`; a hub test pins
 * the two to the same bytes). The MAC is recomputed and compared in constant time; nothing is logged.
 *
 * @param secret - the hub's producer token; `undefined` (no producers) makes every scoped token invalid.
 * @param token - the presented token.
 */
export function verifyScopedProducerToken(secret: string | undefined, token: string): string | null {
  if (secret === undefined || !token.startsWith(`${PREFIX}.`)) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [, encodedScope = '', mac = ''] = parts;
  const scope = Buffer.from(encodedScope, 'base64url').toString('utf8');
  if (
    scope.length === 0 ||
    scope.length > MAX_SCOPE ||
    Buffer.from(scope, 'utf8').toString('base64url') !== encodedScope
  ) {
    return null;
  }
  const expected = createHmac('sha256', secret)
    .update(CONTEXT + scope, 'utf8')
    .digest();
  const presented = Buffer.from(mac, 'base64url');
  if (presented.length !== expected.length) return null;
  return timingSafeEqual(presented, expected) ? scope : null;
}
