// Scale curve of DockerDriver.stats$ on N running containers at 1 Hz: CPU of this (the Berth) process per second
// and per sample, against raw dockerode stats streams (the engine's own 1 Hz stream, each JSON line parsed) on the
// same containers in the same run, two interleaved rounds of --seconds each. Containers are busybox `sleep`,
// labelled berth-bench=scale, all removed at the end (also on failure). Run by bench/scale/run.mjs.
import { BENCH_IMAGE, openEngine, removeLabelled } from '../../lib/docker.mjs';
import { option, parseSizes, round, startRecord } from '../record.mjs';

const argv = process.argv.slice(2);
const sizes = parseSizes(argv, [10, 50, 100]);
const seconds = Number(option(argv, 'seconds', '10'));
const IMAGE = BENCH_IMAGE;
const LABEL = { 'berth-bench': 'scale' };
// DockerDriver from the built packages ($BERTH_SCALE_ROOT, see bench/scale/snapshot.sh) and raw dockerode at its API version.
const { driver, docker, version } = await openEngine();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function ensureRunning(ids, n) {
  while (ids.length < n) {
    const batch = Math.min(4, n - ids.length);
    const made = await Promise.all(
      Array.from({ length: batch }, async () => {
        const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: LABEL });
        await c.start();
        return c.id;
      }),
    );
    ids.push(...made);
  }
}

async function raw(ids) {
  let samples = 0;
  const streams = await Promise.all(ids.map((id) => docker.getContainer(id).stats({ stream: true })));
  for (const s of streams) {
    let buf = '';
    s.on('data', (d) => {
      buf += d;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        if (nl > 0 && JSON.parse(buf.slice(0, nl)).read) samples += 1;
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    });
    s.on('error', () => undefined);
  }
  await sleep(2000); // streams settle (first sample per stream)
  const s0 = samples;
  const c0 = cpuMs();
  await sleep(seconds * 1000);
  const r = { cpu: cpuMs() - c0, samples: samples - s0 };
  for (const s of streams) s.destroy();
  return r;
}

async function berth(ids) {
  let samples = 0;
  const subs = ids.map((id) =>
    driver.stats$(id, { intervalMs: 1000 }).subscribe({ next: () => (samples += 1), error: () => undefined }),
  );
  await sleep(2000);
  const s0 = samples;
  const c0 = cpuMs();
  await sleep(seconds * 1000);
  const r = { cpu: cpuMs() - c0, samples: samples - s0 };
  for (const s of subs) s.unsubscribe();
  return r;
}

const record = startRecord({
  curve: option(argv, 'curve', 'stats'),
  title: 'DockerDriver.stats$ at 1 Hz on N running containers: CPU of the Berth process vs raw dockerode streams',
  xTitle: 'running containers',
  parameters: { sizes, seconds, rounds: 2, image: IMAGE, engine: version.engineVersion },
  charts: [
    {
      title: 'process CPU (% of one core)',
      unit: '% of a core',
      series: [
        { name: 'berth stats$', field: 'berthCpuPct' },
        { name: 'raw dockerode stream', field: 'rawCpuPct' },
      ],
    },
    {
      title: 'CPU per sample (µs)',
      unit: 'µs / sample',
      series: [
        { name: 'berth stats$', field: 'berthUsPerSample' },
        { name: 'raw dockerode stream', field: 'rawUsPerSample' },
      ],
    },
  ],
});
const ids = [];
const notes = [];
try {
  for (const n of sizes) {
    await ensureRunning(ids, n);
    const use = ids.slice(0, n);
    const acc = { raw: { cpu: 0, samples: 0 }, berth: { cpu: 0, samples: 0 } };
    for (const [name, fn] of [
      ['raw', raw],
      ['berth', berth],
      ['berth', berth],
      ['raw', raw],
    ]) {
      const r = await fn(use);
      acc[name].cpu += r.cpu;
      acc[name].samples += r.samples;
    }
    const p = { size: n };
    for (const k of ['raw', 'berth']) {
      p[`${k}CpuPct`] = round((acc[k].cpu / (2 * seconds * 1000)) * 100, 2);
      p[`${k}UsPerSample`] = round((acc[k].cpu * 1000) / acc[k].samples, 1);
      p[`${k}SamplesPerSec`] = round(acc[k].samples / (2 * seconds), 2);
    }
    record.point(p);
  }
} finally {
  const left = { length: await removeLabelled(docker, 'berth-bench', 'scale') };
  notes.push(`removed ${left.length} bench containers at the end`);
  await driver.dispose();
}
record.write(notes);
