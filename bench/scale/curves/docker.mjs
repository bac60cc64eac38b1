// Scale curve of Berth's DockerDriver against raw dockerode: create → start → exec(echo) → remove lifecycles at
// concurrency c (the curve's sizes: 1/4/8/16), both paths on the same engine in the same run, interleaved
// (two rounds of berth then dockerode per level). Throughput = lifecycles / makespan; latency p50/p99 per lifecycle.
// Every container carries the label berth-bench=scale and is removed, also on failure. Needs a running engine and
// berth/busybox:latest. Run by bench/scale/run.mjs.
import { BENCH_IMAGE, dockerodeExec, lifecycleContainer, openEngine, removeLabelled } from '../../lib/docker.mjs';
import { option, parseSizes, quantile, round, startRecord, time } from '../record.mjs';

const argv = process.argv.slice(2);
const sizes = parseSizes(argv, [1, 4, 8, 16]);
const perLevel = Number(option(argv, 'lifecycles', '0')); // 0: max(8, 2c) per path and round
const IMAGE = BENCH_IMAGE;
const LABEL = { 'berth-bench': 'scale' };

// DockerDriver from the built packages ($BERTH_SCALE_ROOT, see bench/scale/snapshot.sh) and raw dockerode at its API version.
const { driver, docker, version } = await openEngine();

const { spec, createBody } = lifecycleContainer(LABEL, IMAGE);

const paths = {
  async berth() {
    const c = await driver.createContainer(spec);
    try {
      await driver.startContainer(c.id);
      const r = await driver.exec(c.id, { command: ['echo', 'hi'] });
      if (r.stdout !== 'hi\n') throw new Error(`berth exec: ${JSON.stringify(r)}`);
    } finally {
      await driver.removeContainer(c.id, { force: true });
    }
  },
  async dockerode() {
    const c = await docker.createContainer(createBody);
    try {
      await c.start();
      const r = await dockerodeExec(c, ['echo', 'hi']);
      if (r.stdout !== 'hi\n' || r.exitCode !== 0) throw new Error('dockerode exec failed');
    } finally {
      await c.remove({ force: true });
    }
  },
};

/** `total` lifecycles of `path` with `c` in flight; returns per-lifecycle ms and the makespan. */
async function batch(path, c, total) {
  const lat = [];
  let started = 0;
  const makespan = await time(() =>
    Promise.all(
      Array.from({ length: c }, async () => {
        while (started < total) {
          started += 1;
          lat.push(await time(paths[path]));
        }
      }),
    ),
  );
  return { lat, makespan };
}

const cleanup = () => removeLabelled(docker, 'berth-bench', 'scale');

const record = startRecord({
  curve: option(argv, 'curve', 'docker'),
  title: "Docker lifecycles at concurrency c: Berth's DockerDriver vs raw dockerode",
  xTitle: 'concurrent lifecycles',
  parameters: { sizes, image: IMAGE, engine: version.engineVersion, api: version.apiVersion, rounds: 2 },
  charts: [
    {
      title: 'throughput (lifecycles/s)',
      unit: 'lifecycles/s',
      series: [
        { name: 'berth', field: 'berthPerSec' },
        { name: 'dockerode', field: 'dockerodePerSec' },
      ],
    },
    {
      title: 'lifecycle latency (ms)',
      unit: 'ms',
      log: true,
      series: [
        { name: 'berth p50', field: 'berthP50' },
        { name: 'berth p99', field: 'berthP99' },
        { name: 'dockerode p50', field: 'dockerodeP50' },
        { name: 'dockerode p99', field: 'dockerodeP99' },
      ],
    },
  ],
});
const notes = [];
try {
  await batch('berth', 1, 2); // warm-up
  await batch('dockerode', 1, 2);
  for (const c of sizes) {
    const total = perLevel > 0 ? perLevel : Math.max(8, 2 * c);
    const acc = { berth: { lat: [], makespan: 0 }, dockerode: { lat: [], makespan: 0 } };
    for (let round = 0; round < 2; round += 1) {
      for (const path of round === 0 ? ['berth', 'dockerode'] : ['dockerode', 'berth']) {
        const r = await batch(path, c, total);
        acc[path].lat.push(...r.lat);
        acc[path].makespan += r.makespan;
      }
    }
    const p = { size: c, lifecycles: 2 * total };
    for (const path of ['berth', 'dockerode']) {
      p[`${path}PerSec`] = round((acc[path].lat.length / acc[path].makespan) * 1000, 2);
      p[`${path}P50`] = round(quantile(acc[path].lat, 0.5), 1);
      p[`${path}P99`] = round(quantile(acc[path].lat, 0.99), 1);
    }
    p.throughputRatio = round(p.berthPerSec / p.dockerodePerSec, 2);
    record.point(p);
  }
} finally {
  const left = await cleanup();
  if (left > 0) notes.push(`${left} containers left by a failure were removed at the end`);
  await driver.dispose();
}
record.write(notes);
