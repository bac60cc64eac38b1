import { createHmac } from 'node:crypto';

/** Prefix of a scoped producer token; the version lets the format change without ambiguity. */
export const PRODUCER_TOKEN_PREFIX = 'bpt1';

/** What the HMAC covers besides the id, so a producer token can never be mistaken for another MAC of the secret. */
const CONTEXT = 'berth-producer-token-v1\n';

/**
 * A producer token scoped to one container or session id: `bpt1.<base64url(id)>.<base64url(HMAC-SHA256)>`,
 * the MAC keyed with the hub's producer token (`PRODUCER_TOKEN`). The hub recomputes the MAC with its own
 * producer token and lets the bearer publish to that id only, so a container never holds the hub's secret.
 * `@berth/hub` verifies the same format (`verifyScopedProducerToken`); a test there pins both to each other.
 *
 * @param secret - the hub's producer token (at least 16 characters).
 * @param scope - the container or session id the token may publish to.
 * @example
 * ```ts
 * deriveProducerToken(process.env.PRODUCER_TOKEN!, 'ses-9a9c'); // 'bpt1.c2VzLTlhOWM.…'
 * ```
 */
export function deriveProducerToken(secret: string, scope: string): string {
  const mac = createHmac('sha256', secret)
    .update(CONTEXT + scope, 'utf8')
    .digest('base64url');
  return `${PRODUCER_TOKEN_PREFIX}.${Buffer.from(scope, 'utf8').toString('base64url')}.${mac}`;
}
