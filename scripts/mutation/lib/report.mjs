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
 * name without the driver's suite title). Cases skipped or absent for a driver are only judged by the
 * drivers that ran them.
 *
 * @param {{ driver: string, baseline: { passed: string[] }, mutants: { killedBy: string[] }[] }[]} results
 * @returns {{ neverFailed: string[], failedBy: Map<string, string[]> }}
 */
export function vacuity(results) {
  const failedBy = new Map();
  const ran = new Set();
  for (const result of results) {
    for (const name of result.baseline.passed) {
      ran.add(name);
      if (!failedBy.has(name)) failedBy.set(name, []);
    }
    for (const m of result.mutants) for (const name of m.killedBy) failedBy.get(name)?.push(m.id);
  }
  const neverFailed = [...ran].filter((name) => (failedBy.get(name) ?? []).length === 0).sort();
  return { neverFailed, failedBy };
}
