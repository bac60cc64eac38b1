// Scale curve of Swarm placement: N services placed at once on the two-node test swarm (scripts/swarm-up.sh), time
// from the first call to all N running. Two paths, interleaved per size (two rounds, the order alternates):
//   berth — SwarmDriver.createContainer + startContainer ×N concurrently (a service created at 0 replicas, scaled to
//           1, startContainer resolves once its task runs); time to all = the last startContainer to resolve;
//   raw   — dockerode createService ×N concurrently with 1 replica and restart none (what a user of the Engine API
//           writes), then the task list polled every 100 ms (the driver's pollIntervalMs) until all N tasks run.
// Between batches every service is removed and the next batch waits until no labelled container is left on either
// node. Everything carries berth-bench=scale-swarm and is swept at the end, also on failure. The swarm lock is held
// for the whole run. Run by bench/scale/run.mjs (npm run bench:scale -- swarm).

import { BENCH_IMAGE } from '../../lib/docker.mjs';
import { openTestSwarm } from '../../lib/swarm.mjs';
import { option, parseSizes, quantile, round, startRecord, time } from '../record.mjs';

const argv = process.argv.slice(2);
const sizes = parseSizes(argv, [1, 8, 32]);
const rounds = Number(option(argv, 'rounds', '2'));
const LABEL_KEY = 'berth-bench';
const LABEL_VALUE = 'scale-swarm';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const opened = await openTestSwarm({ labelKey: LABEL_KEY, labelValue: LABEL_VALUE });
if (opened.skipped !== undefined) {
  console.log(`swarm: skipped — ${opened.skipped}`);
  process.exit(0);
}
const { driver, manager, sweep, containersLeft, close } = opened;
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => close().finally(() => process.exit(130)));

const spec = { image: BENCH_IMAGE, command: ['sleep', '600'], labels: { [LABEL_KEY]: LABEL_VALUE } };
let serial = 0;

/** N services through the SwarmDriver; per-service ms (create + start) and the time to all running. */
async function berth(n) {
  const ids = [];
  const per = [];
  const all = await time(() =>
    Promise.all(
      Array.from({ length: n }, async () => {
        per.push(
          await time(async () => {
            const c = await driver.createContainer(spec);
            ids.push(c.id);
            await driver.startContainer(c.id);
          }),
        );
      }),
    ),
  );
  return { all, per, remove: () => Promise.all(ids.map((id) => driver.removeContainer(id, { force: true }))) };
}

/** N services through raw dockerode at 1 replica; per-service ms (create → its task seen running) and time to all. */
async function raw(n) {
  const ids = new Map(); // service id → ms when created
  const per = [];
  const t0 = performance.now();
  const all = await time(async () => {
    await Promise.all(
      Array.from({ length: n }, async () => {
        serial += 1;
        const { id } = await manager.createService({
          Name: `berth-scale-raw-${process.pid}-${serial}`,
          Labels: { [LABEL_KEY]: LABEL_VALUE },
          TaskTemplate: {
            ContainerSpec: { Image: BENCH_IMAGE, Command: ['sleep', '600'], Labels: { [LABEL_KEY]: LABEL_VALUE } },
            RestartPolicy: { Condition: 'none' },
          },
          Mode: { Replicated: { Replicas: 1 } },
        });
        ids.set(id, performance.now());
      }),
    );
    const running = new Set();
    while (running.size < n) {
      const tasks = await manager.listTasks({ filters: { 'desired-state': ['running'] } });
      for (const t of tasks) {
        if (ids.has(t.ServiceID) && t.Status?.State === 'running' && !running.has(t.ServiceID)) {
          running.add(t.ServiceID);
          per.push(performance.now() - t0);
        }
      }
      if (running.size < n) await sleep(100);
    }
  });
  return {
    all,
    per,
    remove: () =>
      Promise.all(
        [...ids.keys()].map((id) =>
          manager
            .getService(id)
            .remove()
            .catch(() => undefined),
        ),
      ),
  };
}

/** Waits until no labelled container is left on either node (at most 120 s); resolves with the ms it took. */
async function settle() {
  return time(async () => {
    for (let i = 0; i < 240 && (await containersLeft()) > 0; i += 1) await sleep(500);
  });
}

const record = startRecord({
  curve: option(argv, 'curve', 'swarm'),
  title: 'Swarm: N services placed at once on 2 nodes, time to all running — SwarmDriver vs raw Engine API',
  xTitle: 'services placed at once',
  parameters: { sizes, rounds, image: BENCH_IMAGE, nodes: 2, rawPollMs: 100 },
  charts: [
    {
      title: 'time to all running (s, mean of rounds)',
      unit: 's',
      series: [
        { name: 'berth', field: 'berthAllS' },
        { name: 'raw', field: 'rawAllS' },
      ],
    },
    {
      title: 'time to all running per service (ms)',
      unit: 'ms / service',
      log: true,
      series: [
        { name: 'berth', field: 'berthMsPerService' },
        { name: 'raw', field: 'rawMsPerService' },
      ],
    },
  ],
});
const notes = [];
try {
  const left = await sweep();
  if (left.length > 0) notes.push(`${left.length} leftovers of an earlier run removed before the start`);
  await settle();
  for (const n of sizes) {
    const acc = { berth: { all: [], per: [] }, raw: { all: [], per: [] } };
    for (let r = 0; r < rounds; r += 1) {
      for (const path of r % 2 === 0 ? ['berth', 'raw'] : ['raw', 'berth']) {
        const out = await (path === 'berth' ? berth(n) : raw(n));
        acc[path].all.push(out.all);
        acc[path].per.push(...out.per);
        await out.remove();
        await settle();
      }
    }
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const p = { size: n };
    for (const path of ['berth', 'raw']) {
      p[`${path}AllS`] = round(mean(acc[path].all) / 1000, 2);
      p[`${path}AllMaxS`] = round(Math.max(...acc[path].all) / 1000, 2);
      p[`${path}MsPerService`] = round(mean(acc[path].all) / n, 1);
      p[`${path}ServiceP50`] = round(quantile(acc[path].per, 0.5), 0);
      p[`${path}ServiceP99`] = round(quantile(acc[path].per, 0.99), 0);
    }
    p.ratio = round(p.berthAllS / p.rawAllS, 2);
    record.point(p);
  }
} finally {
  const left = await close();
  if (left.length > 0) notes.push(`${left.length} services/containers left by a failure were removed at the end`);
}
record.write(notes);
