import type { Random } from './mulberry32.js';

/** `length` lower-case hex digits drawn from `random` (container ids are 64, short ids 12). */
export function randomHex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** An integer in `[min, max]` (inclusive) drawn from `random`. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
