#!/usr/bin/env node
// Mutation check of the conformance kit: puts curated single-point bugs into the mock and local drivers,
// one at a time in a scratch copy of the repository, runs the driver's conformance spec, and reports which
// bugs the kit catches. See docs/mutation.md.
//
//   node scripts/mutation/run.mjs [--driver mock|local|all] [--only id,…] [--fast] [--jobs N]
//                                 [--timeout SECONDS] [--min-rate 0.9] [--ref COMMIT] [--check]
//                                 [--focus] [--report [--markdown] [--vacuity | --combined]]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { classify, runSpec } from './lib/jest-run.mjs';
import { formatTable, killRate, mergeSubset, vacuity } from './lib/report.mjs';
import { applyMutant, cleanTmp, kitFingerprint, makeSlot, staleReason } from './lib/workspace.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Mutant lists: the mock and local drivers, and core code every driver uses (validators), judged by the mock's spec. */
const DRIVERS = ['mock', 'local', 'core'];
/** Lists run only when named (`--driver docker`): they need a Docker Engine. */
const EXPLICIT_DRIVERS = ['docker'];

const { values: args } = parseArgs({
  options: {
    driver: { type: 'string', default: 'all' },
    only: { type: 'string' },
    fast: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    timeout: { type: 'string' },
    'min-rate': { type: 'string' },
    check: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    vacuity: { type: 'boolean', default: false },
    focus: { type: 'boolean', default: false },
    combined: { type: 'boolean', default: false },
    source: { type: 'string', default: resolve(HERE, '../..') },
    ref: { type: 'string' },
    scratch: { type: 'string', default: join(tmpdir(), 'berth-mutation') },
    results: { type: 'string', default: join(HERE, 'results') },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 8)
      .join('\n'),
  );
  process.exit(0);
}

const drivers = args.driver === 'all' ? DRIVERS : args.driver.split(',');
for (const d of drivers) {
  if (!DRIVERS.includes(d) && !EXPLICIT_DRIVERS.includes(d)) {
    console.error(`unknown driver ${d}; use ${[...DRIVERS, ...EXPLICIT_DRIVERS].join(', ')} or all`);
    process.exit(2);
  }
}
const jobs = Math.max(1, Number.parseInt(args.jobs, 10) || 1);
const only = args.only === undefined ? null : new Set(args.only.split(',').map((s) => s.trim()));
const partial = only !== null || args.fast || args.focus;
mkdirSync(args.results, { recursive: true });

function loadMutants(driver) {
  const list = JSON.parse(readFileSync(join(HERE, 'mutants', `${driver}.json`), 'utf8'));
  const ids = new Set();
  for (const m of list.mutants) {
    if (ids.has(m.id)) throw new Error(`duplicate mutant id ${m.id}`);
    ids.add(m.id);
  }
  const mutants = list.mutants.filter((m) => (only === null || only.has(m.id)) && (!args.fast || m.fast === true));
  return { spec: list.spec, mutants };
}

function resultsPath(driver) {
  return join(args.results, partial ? `${driver}-subset.json` : `${driver}.json`);
}

function sourceCommit() {
  try {
    const commit = execFileSync('git', ['-C', args.source, 'rev-parse', '--short', args.ref ?? 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    return args.ref === undefined ? `${commit} + working tree` : commit;
  } catch {
    return null;
  }
}

/** Runs the baseline and every mutant of one driver; returns the result record (also written as JSON). */
async function runDriver(driver) {
  const { spec, mutants } = loadMutants(driver);
  // --check gets a slot of its own, so it can run beside a measurement without replacing its copy.
  const slots = args.check
    ? [join(args.scratch, `${driver}-check`)]
    : Array.from({ length: Math.min(jobs, Math.max(1, mutants.length)) }, (_, i) =>
        join(args.scratch, `${driver}-${i}`),
      );
  console.log(
    `[${driver}] copying ${args.source}${args.ref ? ` at ${args.ref}` : ''} into ${slots.length} slot(s) under ${args.scratch}`,
  );
  for (const slot of slots) makeSlot(args.source, slot, args.ref);
  const logs = join(args.scratch, `${driver}-logs`);
  mkdirSync(logs, { recursive: true });

  const results = mutants.map((m) => {
    const stale = staleReason(slots[0], m);
    return {
      id: m.id,
      file: m.file,
      description: m.description,
      issue: m.issue === true,
      status: stale === null ? 'pending' : 'stale',
      killedBy: [],
      note: stale ?? '',
    };
  });
  for (const r of results.filter((x) => x.status === 'stale'))
    console.error(`[${driver}] STALE mutant ${r.id}: ${r.note}`);
  if (args.check) return { driver, spec, mutants: results, baseline: { passed: [], failed: [], skipped: [] } };

  console.log(`[${driver}] baseline: ${spec}`);
  const base = await runSpec({ dir: slots[0], spec, timeoutMs: 15 * 60_000, logFile: join(logs, 'baseline.log') });
  await cleanTmp(join(slots[0], '.tmp'));
  const byStatus = (status) => [...base.cases].filter(([, c]) => c.status === status).map(([name]) => name);
  const baseline = {
    passed: byStatus('passed'),
    failed: byStatus('failed'),
    skipped: [...base.cases].filter(([, c]) => c.status !== 'passed' && c.status !== 'failed').map(([n]) => n),
    durationMs: base.durationMs,
  };
  console.log(
    `[${driver}] baseline: ${baseline.passed.length} passed, ${baseline.failed.length} failed, ` +
      `${baseline.skipped.length} skipped in ${(base.durationMs / 1000).toFixed(0)} s`,
  );
  if (baseline.failed.length > 0)
    console.error(`[${driver}] baseline failures (not used to judge mutants):\n  ${baseline.failed.join('\n  ')}`);
  if (baseline.passed.length === 0)
    throw new Error(`[${driver}] the unmutated kit did not pass any case; see ${join(logs, 'baseline.log')}`);
  const passed = new Set(baseline.passed);
  const timeoutMs = args.timeout === undefined ? Math.max(90_000, 4 * base.durationMs) : Number(args.timeout) * 1000;

  const previous = partial ? readRecord(resultsPath(driver)) : null;
  const kit = kitFingerprint(slots[0]);
  const save = () => {
    const fresh = {
      driver,
      date: new Date().toISOString(),
      kit,
      commit: sourceCommit(),
      spec,
      partial: partial || results.some((r) => r.status === 'pending'),
      baseline,
      mutants: results,
      summary: killRate({ mutants: results }),
    };
    // --only/--fast runs accumulate in <driver>-subset.json: a mutant re-run replaces its earlier result.
    const record = previous === null ? fresh : mergeSubset(previous, fresh);
    writeFileSync(resultsPath(driver), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  };
  const queue = results.filter((r) => r.status === 'pending');
  let done = 0;
  const worker = async (slot) => {
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      const mutant = mutants.find((m) => m.id === r.id);
      const restore = applyMutant(slot, mutant);
      // --focus: only the cases the mutant names (jest -t); a survivor of a focused run is not final.
      const testNamePattern = args.focus ? mutant.cases : undefined;
      try {
        const run = await runSpec({ dir: slot, spec, timeoutMs, logFile: join(logs, `${r.id}.log`), testNamePattern });
        Object.assign(r, classify(passed, run), { durationMs: run.durationMs });
        if (testNamePattern !== undefined) {
          r.focused = testNamePattern;
          if (r.status === 'survived') r.note = `focused run (-t ${testNamePattern}): not final`;
        }
      } finally {
        restore();
        const left = await cleanTmp(join(slot, '.tmp'));
        if (left.pids > 0) r.note = `${r.note}${r.note ? '; ' : ''}cleaned up ${left.pids} leftover process(es)`.trim();
      }
      done++;
      save();
      console.log(
        `[${driver}] ${done}/${results.length - results.filter((x) => x.status === 'stale').length} ${r.id}: ${r.status}${r.killedBy[0] ? ` (${r.killedBy[0]})` : ''}`,
      );
    }
  };
  await Promise.all(slots.map((slot) => worker(slot)));

  return save();
}

/** The saved record at `path`, or `null` when there is none. */
function readRecord(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

function markdown(record) {
  const lines = ['| mutant | result | first failing case / note |', '|---|---|---|'];
  for (const m of record.mutants) {
    const first = m.killedBy[0] === undefined ? m.note : m.killedBy[0];
    lines.push(`| \`${m.id}\` | ${m.status} | ${(first ?? '').replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n');
}

/**
 * Prints the kit cases no mutant failed, over the full and the accumulated --only results of every driver
 * (see `vacuity` in lib/report.mjs for how cases are judged).
 */
function printVacuity(records) {
  if (records.length === 0) return;
  const { neverFailed, failedBy } = vacuity(records);
  const sources = records.map((r) => `${r.driver}${r.partial ? ' (subset)' : ''} ${r.date}`).join(', ');
  console.log(`\nKit cases no mutant failed: ${neverFailed.length} of ${failedBy.size} (from ${sources})`);
  for (const name of neverFailed) console.log(args.markdown ? `- ${name}` : `  - ${name}`);
}

/** Full and accumulated subset results of `driver`, whichever exist. */
function savedRecords(driver) {
  const full = readRecord(join(args.results, `${driver}.json`));
  const subset = readRecord(join(args.results, `${driver}-subset.json`));
  return [full, subset].filter((r) => r !== null);
}

const records = [];
let stale = 0;
if (args.vacuity) {
  printVacuity(drivers.flatMap(savedRecords));
  process.exit(0);
}
for (const driver of drivers) {
  let record;
  if (args.report && args.combined) {
    // The last full run, with the accumulated --only/--focus results in place of its own for the same mutants.
    const [full, subset] = [join(args.results, `${driver}.json`), join(args.results, `${driver}-subset.json`)].map(
      readRecord,
    );
    if (full === null && subset === null) continue;
    record = full === null || subset === null ? (full ?? subset) : { ...mergeSubset(full, subset), partial: true };
  } else if (args.report) {
    record = readRecord(resultsPath(driver));
    if (record === null) continue;
  } else {
    record = await runDriver(driver);
  }
  records.push(record);
  stale += record.mutants.filter((m) => m.status === 'stale').length;
  if (args.check) continue;
  console.log(`\n${args.markdown ? markdown(record) : formatTable(record)}\n`);
  if (args.markdown) console.log(`${record.driver}: ${JSON.stringify(record.summary)}\n`);
}
if (args.check) {
  const total = records.reduce((n, r) => n + r.mutants.length, 0);
  console.log(`${total - stale} of ${total} mutants apply cleanly; ${stale} stale`);
} else {
  printVacuity(records.filter((r) => !r.partial));
  for (const r of records) {
    const rate = killRate(r);
    console.log(
      `${r.driver}: kill rate ${(rate.rate * 100).toFixed(1)}% (${rate.killed + rate.timeout}/${rate.counted})`,
    );
  }
}
if (stale > 0) {
  console.error(`${stale} stale mutant(s): update their find snippets in scripts/mutation/mutants/`);
  process.exitCode = 2;
}
const minRate = args['min-rate'] === undefined ? null : Number(args['min-rate']);
if (minRate !== null && records.some((r) => killRate(r).rate < minRate)) {
  console.error(`kill rate below ${minRate}`);
  process.exitCode = 1;
}
