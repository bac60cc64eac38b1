import { createHmac, timingSafeEqual } from 'node:crypto';

/** Prefix of a scoped producer token; the version lets the format change without ambiguity. */
export const PRODUCER_TOKEN_PREFIX = 'bpt1';

/** What the HMAC covers besides the id, so a producer token can never be mistaken for another MAC of the secret. */
const CONTEXT = 'berth-producer-token-v1\n';

/** Longest id a scoped token may name (the protocol's id bound). */
const MAX_SCOPE = 256;

function macOf(secret: string, scope: string): Buffer {
  return createHmac('sha256', secret)
    .update(CONTEXT + scope, 'utf8')
    .digest();
}

/**
 * A producer token scoped to one container or session id: `bpt1.<base64url(id)>.<base64url(HMAC-SHA256)>`,
 * the MAC keyed with the hub's producer token (`PRODUCER_TOKEN`). The hub recomputes the MAC with its own
 * producer token ({@link verifyScopedProducerToken}) and lets the bearer publish to that id only, so a container
 * never holds the hub's secret.
 *
 * @param secret - the hub's producer token (at least 16 characters).
 * @param scope - the container or session id the token may publish to.
 * @example
 * ```ts
 * deriveProducerToken(process.env.PRODUCER_TOKEN!, 'ses-9a9c'); // 'bpt1.c2VzLTlhOWM.…'
 * ```
 */
export function deriveProducerToken(secret: string, scope: string): string {
  return `${PRODUCER_TOKEN_PREFIX}.${Buffer.from(scope, 'utf8').toString('base64url')}.${macOf(secret, scope).toString('base64url')}`;
}

/**
 * The id a scoped producer token may publish to, or `null` when the token is not one or its MAC is wrong.
 *
 * The token is {@link deriveProducerToken}'s format. The id must be non-empty, at most 256 characters and
 * canonically encoded; the MAC is recomputed and compared in constant time; nothing is logged.
 *
 * @param secret - the hub's producer token; `undefined` (no producers) makes every scoped token invalid.
 * @param token - the presented token.
 */
export function verifyScopedProducerToken(secret: string | undefined, token: string): string | null {
  if (secret === undefined || !token.startsWith(`${PRODUCER_TOKEN_PREFIX}.`)) return null;
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
  const expected = macOf(secret, scope);
  const presented = Buffer.from(mac, 'base64url');
  if (presented.length !== expected.length) return null;
  return timingSafeEqual(presented, expected) ? scope : null;
}
