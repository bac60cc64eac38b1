// Timing helpers of the top-level benchmarks (bench/docker-lifecycle.mjs, exec-path.mjs, local-lifecycle.mjs,
// session.mjs): how long an awaited call takes, and a percentile of the samples. Nothing here runs on import.

/** The p-th percentile (0..100) of `values`: nearest rank over a sorted copy. */
export function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Milliseconds `fn` takes (awaited), on the monotonic clock. */
export async function time(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
