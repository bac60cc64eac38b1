// Shared helpers of the scale curves: timing (bench/lib/timing.mjs's time), percentiles, and the JSON record every curve writes to
// docs/bench/<curve>.json (machine, date, git commit, load average before/after, the points and the charts
// render.mjs draws from them).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where curves write their JSON and render.mjs its SVGs. */
export const outDir = join(root, 'docs', 'bench');

/** The q-th quantile (0..1) of `values` (nearest rank, sorted copy); NaN when empty. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Milliseconds `fn` takes (awaited): the top-level benchmarks' timer, re-exported for the curves. */
export { time } from '../lib/timing.mjs';

/** Heap used after two full GCs (needs `--expose-gc`; throws without it so a curve never reports noise). */
export function settledHeap() {
  if (typeof global.gc !== 'function') throw new Error('run with --expose-gc (npm run bench:scale does)');
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
}

/** Rounds for JSON: 3 significant decimals are plenty for noisy timings. */
export function round(n, digits = 3) {
  return Number.isFinite(n) ? Number(n.toFixed(digits)) : null;
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Machine, runtime and repository state, recorded with every curve. */
export function environment() {
  const c = cpus();
  return {
    machine: {
      cpus: c.length,
      cpuModel: c[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      os: `${platform()} ${release()}`,
      node: process.version,
    },
    commit: git(['rev-parse', '--short', 'HEAD']),
    // A private copy of the built packages (bench/scale/snapshot.sh) may be older than the commit: name it.
    measuredBuild: process.env.BERTH_SCALE_ROOT ?? "the repository's packages/*/dist",
    // Uncommitted edits under the measured packages make the commit an approximation; say so.
    dirtyPackages: git(['status', '--porcelain', '--', 'packages']).split('\n').filter(Boolean).length,
  };
}

/**
 * Starts a record: call `point(...)` per size, then `write()`. `charts` tells render.mjs what to draw: one panel
 * per chart, x = size (log scale), one line per series (`field` of each point), `unit` on the y axis.
 */
export function startRecord({ curve, title, xTitle, charts, parameters }) {
  const loadBefore = loadavg().map((n) => round(n, 2));
  const started = new Date();
  const points = [];
  return {
    point(p) {
      points.push(p);
      console.log(JSON.stringify(p));
    },
    write(notes = []) {
      const record = {
        curve,
        title,
        date: started.toISOString(),
        finished: new Date().toISOString(),
        ...environment(),
        loadAverage: { before: loadBefore, after: loadavg().map((n) => round(n, 2)) },
        parameters,
        xTitle,
        charts,
        points,
        notes,
      };
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `${curve}.json`);
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`wrote ${file}`);
      return file;
    },
  };
}

/** Parses `--sizes 10,100,1000` (or space-separated after --sizes) into numbers, or returns `fallback`. */
export function parseSizes(argv, fallback) {
  const i = argv.indexOf('--sizes');
  if (i < 0) return fallback;
  const raw = [];
  for (let j = i + 1; j < argv.length && !argv[j].startsWith('--'); j += 1) raw.push(...argv[j].split(','));
  const sizes = raw.filter(Boolean).map((s) => Number(s.replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`--sizes wants positive integers, got ${raw.join(',') || 'nothing'}`);
  return sizes;
}

/** Value of `--name v` in argv, or `fallback`. */
export function option(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}
