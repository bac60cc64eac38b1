import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented token with the expected one in constant time: both are hashed with SHA-256 first,
 * so the comparison neither leaks the length nor short-circuits.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
