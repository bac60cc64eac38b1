// Tables, kill rates and the vacuity list of mutation results.

/**
 * Kill rate of one driver's results: killed and timed-out mutants over every mutant that ran
 * (stale and invalid mutants are not counted, and are listed apart).
 *
 * @param {{ mutants: { status: string }[] }} result
 * @returns {{ killed: number, timeout: number, survived: number, stale: number, invalid: number, counted: number, rate: number }}
 */
export function killRate(result) {
  const count = (status) => result.mutants.filter((m) => m.status === status).length;
  const killed = count('killed');
  const timeout = count('timeout');
  const survived = count('survived');
  const counted = killed + timeout + survived;
  return {
    killed,
    timeout,
    survived,
    stale: count('stale'),
    invalid: count('invalid'),
    counted,
    rate: counted === 0 ? 0 : (killed + timeout) / counted,
  };
}

const pad = (text, width) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const cut = (text, width) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/**
 * One driver's results as a text table (one row per mutant) followed by its kill rate.
 *
 * @param {{ driver: string, mutants: { id: string, status: string, killedBy: string[], durationMs: number, note: string, testTimeoutsOnly?: boolean }[] }} result
 * @returns {string}
 */
export function formatTable(result) {
  const width = Math.max(10, ...result.mutants.map((m) => m.id.length));
  const lines = [`${pad('mutant', width)}  ${pad('status', 9)}  ${pad('secs', 5)}  killed by (first case) / note`];
  for (const m of result.mutants) {
    const status = m.status === 'killed' && m.testTimeoutsOnly ? 'killed*' : m.status;
    const first =
      m.killedBy[0] === undefined
        ? m.note
        : `${m.killedBy[0]}${m.killedBy.length > 1 ? ` (+${m.killedBy.length - 1})` : ''}`;
    const secs = m.durationMs === undefined ? '' : (m.durationMs / 1000).toFixed(0);
    lines.push(`${pad(m.id, width)}  ${pad(status, 9)}  ${pad(secs, 5)}  ${cut(first ?? '', 100)}`);
  }
  const r = killRate(result);
  lines.push('');
  lines.push(
    `${result.driver}: killed ${r.killed + r.timeout} of ${r.counted} = ${(r.rate * 100).toFixed(1)}%` +
      ` (timeouts ${r.timeout}, survived ${r.survived}; not counted: stale ${r.stale}, invalid ${r.invalid})`,
  );
  if (result.mutants.some((m) => m.testTimeoutsOnly)) lines.push('killed* = killed only by jest case timeouts');
  return lines.join('\n');
}

/**
 * Kit cases that passed in a baseline but no mutant failed, over every given result (cases are compared by
 * name without the driver's suite title). The cases judged are those of the newest baseline of each driver
 * that the runs of the newest kit (same `kit` fingerprint) still have (a case renamed or removed since is not
 * listed); a failure counts from any result, full or subset, old or new. Cases skipped or absent for a driver are only judged by the drivers that ran them.
 *
 * @param {{ driver: string, date?: string, kit?: string, baseline: { passed: string[], failed?: string[], skipped?: string[] }, mutants: { id: string, killedBy: string[] }[] }[]} results
 * @returns {{ neverFailed: string[], failedBy: Map<string, string[]> }}
 */
export function vacuity(results) {
  const newest = new Map();
  for (const result of results) {
    const seen = newest.get(result.driver);
    if (seen === undefined || (result.date ?? '') > (seen.date ?? '')) newest.set(result.driver, result);
  }
  // The kit's cases now: those of the runs of the newest kit (by fingerprint; by date for records without one).
  // A case no such run had at all (passed, failed or skipped) was renamed or removed since.
  const byDate = [...results].sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? 1 : -1));
  const latestKit = byDate.find((r) => r.kit !== undefined)?.kit;
  const current = latestKit === undefined ? byDate.slice(0, 1) : results.filter((r) => r.kit === latestKit);
  const known = new Set(
    current.flatMap((r) => [...r.baseline.passed, ...(r.baseline.failed ?? []), ...(r.baseline.skipped ?? [])]),
  );
  const failedBy = new Map();
  for (const result of newest.values()) {
    for (const name of result.baseline.passed) if (known.has(name)) failedBy.set(name, []);
  }
  for (const result of results) {
    for (const m of result.mutants) for (const name of m.killedBy) failedBy.get(name)?.push(m.id);
  }
  const neverFailed = [...failedBy.keys()].filter((name) => (failedBy.get(name) ?? []).length === 0).sort();
  return { neverFailed, failedBy };
}

/**
 * Merges a new --only/--fast result into the accumulated subset result of the same driver: mutants of `fresh`
 * replace those of the same id in `previous`; the others are kept. Baseline and date are the new run's.
 *
 * @template {{ mutants: { id: string, status: string }[] }} R
 * @param {R} previous
 * @param {R} fresh
 * @returns {R}
 */
export function mergeSubset(previous, fresh) {
  const ids = new Set(fresh.mutants.map((m) => m.id));
  const mutants = [...previous.mutants.filter((m) => !ids.has(m.id)), ...fresh.mutants];
  return { ...fresh, partial: true, mutants, summary: killRate({ mutants }) };
}
