// Before/after curve of a reaper fix in one run: the same reaper measurement on two builds of the packages
// (--before-root and --after-root, each a copy made by bench/scale/snapshot.sh), interleaved per size (the order
// alternates) so both see the same load. At each size N: N live sessions on the mock driver, one reap() pass to
// look at every new session once (reported as `firstPass`), then R passes with none due (p50 / p99, µs per
// session). Run by bench/scale/run.mjs: npm run bench:scale -- reaper --before-root /tmp/a/ --after-root /tmp/b/
import { option, parseSizes, quantile, round, startRecord, time } from '../record.mjs';

const argv = process.argv.slice(2);
const curve = option(argv, 'curve', 'reaper');
const sizes = parseSizes(argv, [10, 100, 1000, 10000]);
const reaps = Number(option(argv, 'reaps', '100'));
const roots = { before: option(argv, 'before-root', undefined), after: option(argv, 'after-root', undefined) };
if (roots.before === undefined || roots.after === undefined)
  throw new Error('reaper wants --before-root and --after-root (package copies, see bench/scale/snapshot.sh)');

const IMAGE = 'berth/runtime:bookworm';
const builds = {};
for (const [name, root] of Object.entries(roots)) {
  const dir = root.endsWith('/') ? root : `${root}/`;
  builds[name] = {
    ...(await import(`${dir}packages/session-manager/dist/esm/index.js`)),
    ...(await import(`${dir}packages/driver-mock/dist/esm/index.js`)),
  };
}

async function measure(build, n) {
  const mock = new build.MockDriver({ images: [IMAGE] });
  const manager = new build.SessionManager(mock, {
    images: { default: IMAGE },
    maxSessions: n,
    reapIntervalMs: 3_600_000, // passes are driven below, never by the interval
  });
  try {
    for (let i = 0; i < n; i += 1) await manager.createSession({ agentType: 'python' });
    const firstPass = await time(() => manager.reap());
    const passes = [];
    for (let i = 0; i < reaps; i += 1) passes.push(await time(() => manager.reap()));
    if ((await manager.listSessions()).length !== n) throw new Error('sessions were reaped during the run');
    return { firstPass, p50: quantile(passes, 0.5), p99: quantile(passes, 0.99) };
  } finally {
    await manager.dispose();
    await mock.dispose();
  }
}

const record = startRecord({
  curve,
  title: 'Reaper pass on the mock driver, before vs after (same run, interleaved)',
  xTitle: 'live sessions',
  parameters: { roots, sizes, passes: reaps, expiring: 0 },
  charts: [
    {
      title: 'reaper pass per live session (µs, p50)',
      unit: 'µs / session',
      log: true,
      series: [
        { name: 'before', field: 'beforeUsPerSession' },
        { name: 'after', field: 'afterUsPerSession' },
      ],
    },
    {
      title: 'reaper pass (ms, p50)',
      unit: 'ms',
      log: true,
      series: [
        { name: 'before', field: 'beforeP50' },
        { name: 'after', field: 'afterP50' },
      ],
    },
    {
      title: 'first pass after N creates (ms; after: arms each new session once)',
      unit: 'ms',
      log: true,
      series: [
        { name: 'before', field: 'beforeFirstPass' },
        { name: 'after', field: 'afterFirstPass' },
      ],
    },
  ],
});
for (const [i, n] of sizes.entries()) {
  const order = i % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  const r = {};
  for (const name of order) r[name] = await measure(builds[name], n);
  record.point({
    size: n,
    beforeP50: round(r.before.p50),
    beforeP99: round(r.before.p99),
    beforeFirstPass: round(r.before.firstPass),
    beforeUsPerSession: round((r.before.p50 * 1000) / n, 5),
    afterP50: round(r.after.p50),
    afterP99: round(r.after.p99),
    afterFirstPass: round(r.after.firstPass),
    afterUsPerSession: round((r.after.p50 * 1000) / n, 5),
    afterOverBefore: round(r.after.p50 / r.before.p50),
  });
}
record.write([`order alternates per size (before first at ${sizes.filter((_, i) => i % 2 === 0).join(', ')})`]);
