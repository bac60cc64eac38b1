/** A seeded pseudo-random source: returns floats in `[0, 1)`. */
export type Random = () => number;

/**
 * mulberry32: a tiny, fast, seeded PRNG. The same seed always gives the same sequence, which is what
 * makes the mock's ids, fault patterns and stats reproducible.
 *
 * @param seed - any 32-bit integer.
 *
 * @example
 * ```ts
 * const rnd = mulberry32(42);
 * rnd(); // always the same first value for seed 42
 * ```
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream from `seed` for a named purpose (ids, faults, stats …). */
export function deriveRandom(seed: number, purpose: string): Random {
  let hash = seed >>> 0;
  for (let i = 0; i < purpose.length; i++) hash = Math.imul(hash ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return mulberry32(hash);
}
