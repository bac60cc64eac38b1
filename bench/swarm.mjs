#!/usr/bin/env node
// create → start → exec (echo) → remove through Berth's SwarmDriver (a container is a one-replica service on the
// two-node test swarm of scripts/swarm-up.sh) vs the plain DockerDriver on the manager's engine, interleaved in the
// same run so both see the same machine load, at concurrency 1 and 8. Prints p50/p95 end to end and per phase, the
// swarm/docker ratios, and where Swarm's extra start latency goes, from the manager's own timestamps:
//   update   startContainer called → service update committed (service UpdatedAt)
//   task     service UpdatedAt → the orchestrator creates the task (task CreatedAt)
//   node     task CreatedAt → the task runs (running Status.Timestamp): allocate, schedule, dispatch, agent prepares
//            (image pull attempt, container create) and starts the container
//   seen     running Status.Timestamp → startContainer resolves (the driver's task-state poll, pollIntervalMs 100)
// Then a traced pass (concurrency 1, swarm only, kept out of the timed runs: a watcher polls the task list every
// ~10 ms) records each task state it catches with the manager's timestamp of that state ("state at") and when it
// first showed in GET /tasks ("visible": committed to the manager's store), and compares the image named by tag (the
// agent tries to pull it from its registry on every start) with the image named by its id (the agent skips the pull).
// Usage: node bench/swarm.mjs [runs]   (default 30 lifecycles per driver at concurrency 1, runs/6 rounds of 8 at
// concurrency 8, runs traced starts; needs `npm run build` (or `npx tsc -b packages/driver-docker`) and the swarm up:
// bash scripts/swarm-up.sh — without it the benchmark says so and exits 0)
import { DockerDriver, SwarmDriver } from '../packages/driver-docker/dist/esm/index.js';
import {
  acquireSwarmTestLock,
  findTestSwarm,
  SWARM_TEST_LOCK,
} from '../packages/driver-docker/dist/esm/testing/index.js';

const RUNS = Number(process.argv[2] ?? 30);
const WARMUP = 3;
const ROUNDS8 = Math.max(2, Math.round(RUNS / 6));
const TRACED = Math.max(4, RUNS);
const IMAGE = 'berth/busybox:latest';
const LABEL_KEY = 'berth.bench';
const LABEL = { [LABEL_KEY]: 'swarm' };
// same protocol as packages/driver-docker/src/swarm/swarm-test-lock.ts: swarm tests drain and kill nodes, so the
// benchmark takes the swarm for itself (a directory created atomically, holding the owner's pid)
const LOCK = SWARM_TEST_LOCK;
const LOCK_WAIT_MS = Number(process.env.BENCH_SWARM_LOCK_WAIT_S ?? 600) * 1000;

const now = () => performance.timeOrigin + performance.now();
/** An Engine API RFC 3339 timestamp (nanoseconds) as epoch ms with the sub-ms part kept. */
const epochMs = (ts) => {
  if (typeof ts !== 'string' || ts.startsWith('0001-')) return Number.NaN;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (m === null) return Date.parse(ts);
  return Date.parse(`${m[1]}${m[3]}`) + Number(`0.${m[2] ?? '0'}`) * 1000;
};
const percentile = (xs, p) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const swarm = await findTestSwarm();
if (swarm === undefined) {
  console.log('swarm: skipped — the two-node test swarm is not up (run bash scripts/swarm-up.sh)');
  process.exit(0);
}

let releaseLock;
try {
  releaseLock = await acquireSwarmTestLock({
    path: LOCK,
    timeoutMs: LOCK_WAIT_MS,
    pollMs: 500,
    onWait: (owner) => console.log(`swarm: waiting for the test swarm (${LOCK} is held by pid ${owner || '?'})`),
  });
} catch {
  console.log(`swarm: skipped — the test swarm stayed busy (${LOCK}) for ${LOCK_WAIT_MS / 1000} s`);
  process.exit(0);
}

const swarmDriver = await SwarmDriver.connect(swarm.options);
const dockerDriver = await DockerDriver.connect({ connection: { socketPath: '/var/run/docker.sock' } });
const workerEngine = new DockerDriver({ connection: { socketPath: swarm.workerSocket } });
const { version } = await dockerDriver.ready();
const imageId = (await dockerDriver.docker.getImage(IMAGE).inspect()).Id;
const nodeName = (id) => (id === swarm.managerNodeId ? 'node 1' : id === swarm.workerNodeId ? 'node 2' : 'other');

const spec = { image: IMAGE, command: ['sleep', '30'], labels: LABEL };
const live = { docker: new Set(), swarm: new Set() };

async function cleanup() {
  const leftovers = [];
  const services = await swarmDriver.docker
    .listServices({ filters: { label: [`${LABEL_KEY}=swarm`] } })
    .catch(() => []);
  for (const s of services) {
    leftovers.push(`service ${s.ID}`);
    await swarmDriver.docker
      .getService(s.ID)
      .remove()
      .catch(() => undefined);
  }
  for (const engine of [dockerDriver, workerEngine]) {
    const containers = await engine.docker
      .listContainers({ all: true, filters: { label: [`${LABEL_KEY}=swarm`] } })
      .catch(() => []);
    for (const c of containers) {
      leftovers.push(`container ${c.Id.slice(0, 12)}`);
      await engine.docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
  return leftovers;
}
let cleaned = false;
async function finish() {
  if (cleaned) return;
  cleaned = true;
  const leftovers = await cleanup();
  if (leftovers.length > 0) console.log(`swarm: removed ${leftovers.length} leftover(s): ${leftovers.join(', ')}`);
  await Promise.all([swarmDriver.dispose(), dockerDriver.dispose(), workerEngine.dispose()]);
  await releaseLock();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    finish().finally(() => process.exit(130));
  });
}

function checkEcho(r, who) {
  if (r.stdout !== 'hi\n' || r.exitCode !== 0) throw new Error(`${who} exec: ${JSON.stringify(r)}`);
}

/** One lifecycle through the Docker driver; phase times in ms. */
async function dockerLifecycle() {
  const t0 = now();
  const c = await dockerDriver.createContainer(spec);
  live.docker.add(c.id);
  try {
    const t1 = now();
    await dockerDriver.startContainer(c.id);
    const t2 = now();
    checkEcho(await dockerDriver.exec(c.id, { command: ['echo', 'hi'] }), 'docker');
    const t3 = now();
    await dockerDriver.removeContainer(c.id, { force: true });
    const t4 = now();
    live.docker.delete(c.id);
    return { total: t4 - t0, create: t1 - t0, start: t2 - t1, exec: t3 - t2, remove: t4 - t3 };
  } finally {
    if (live.docker.delete(c.id)) await dockerDriver.removeContainer(c.id, { force: true }).catch(() => undefined);
  }
}

/** Reads (untimed) the service's UpdatedAt and its running task: where startContainer's time went. */
async function startSplit(serviceId, t1, t2) {
  const service = await swarmDriver.docker.getService(serviceId).inspect();
  const tasks = await swarmDriver.docker.listTasks({ filters: { service: [serviceId] } });
  const task = tasks.find((t) => t.Status?.State === 'running') ?? tasks[0];
  const updated = epochMs(service.UpdatedAt);
  const created = epochMs(task?.CreatedAt);
  const running = task?.Status?.State === 'running' ? epochMs(task.Status.Timestamp) : Number.NaN;
  return {
    update: updated - t1,
    task: created - updated,
    node: running - created,
    seen: t2 - running,
    nodeId: task?.NodeID ?? '',
  };
}

/** One lifecycle through the Swarm driver; phase times in ms (the start split is read between start and exec). */
async function swarmLifecycle() {
  const t0 = now();
  const c = await swarmDriver.createContainer(spec);
  live.swarm.add(c.id);
  try {
    const t1 = now();
    await swarmDriver.startContainer(c.id);
    const t2 = now();
    const split = await startSplit(c.id, t1, t2);
    const t2b = now();
    checkEcho(await swarmDriver.exec(c.id, { command: ['echo', 'hi'] }), 'swarm');
    const t3 = now();
    await swarmDriver.removeContainer(c.id, { force: true });
    const t4 = now();
    live.swarm.delete(c.id);
    return {
      total: t1 - t0 + (t2 - t1) + (t4 - t2b),
      create: t1 - t0,
      start: t2 - t1,
      exec: t3 - t2b,
      remove: t4 - t3,
      ...split,
    };
  } finally {
    if (live.swarm.delete(c.id)) await swarmDriver.removeContainer(c.id, { force: true }).catch(() => undefined);
  }
}

/** Interleaved rounds of `concurrency` lifecycles per driver; the order of the two drivers alternates per round. */
async function measure(concurrency, rounds, warmupRounds) {
  const out = { docker: [], swarm: [], makespan: { docker: [], swarm: [] } };
  const paths = { docker: dockerLifecycle, swarm: swarmLifecycle };
  for (let i = 0; i < warmupRounds + rounds; i++) {
    for (const name of i % 2 === 0 ? ['docker', 'swarm'] : ['swarm', 'docker']) {
      const t0 = now();
      const results = await Promise.all(Array.from({ length: concurrency }, () => paths[name]()));
      const span = now() - t0;
      if (i >= warmupRounds) {
        out[name].push(...results);
        out.makespan[name].push(span);
      }
    }
  }
  return out;
}

/** Starts one swarm container while a watcher records every task state it sees, with the manager's timestamps. */
async function tracedStart(image) {
  const c = await swarmDriver.createContainer({ ...spec, image });
  live.swarm.add(c.id);
  try {
    const seen = new Map(); // state → { at: manager timestamp of the state, visible: when the watcher first saw it }
    const look = async () => {
      const tasks = await swarmDriver.docker.listTasks({ filters: { service: [c.id] } });
      const visible = now();
      for (const t of tasks) {
        const state = t.Status?.State;
        if (state !== undefined && !seen.has(state)) seen.set(state, { at: epochMs(t.Status.Timestamp), visible });
        if (!seen.has('created') && t.CreatedAt) seen.set('created', { at: epochMs(t.CreatedAt), visible });
      }
    };
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        await look();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t1 = now();
    await swarmDriver.startContainer(c.id);
    const t2 = now();
    stop = true;
    await watcher;
    await look();
    const service = await swarmDriver.docker.getService(c.id).inspect();
    const updated = epochMs(service.UpdatedAt);
    const l0 = now();
    await swarmDriver.getContainer(c.id);
    const lookup = now() - l0;
    const e0 = now();
    checkEcho(await swarmDriver.exec(c.id, { command: ['echo', 'hi'] }), 'swarm');
    const exec = now() - e0;
    await swarmDriver.removeContainer(c.id, { force: true });
    live.swarm.delete(c.id);
    const rel = Object.fromEntries([...seen].map(([k, v]) => [k, v.at - updated]));
    const vis = Object.fromEntries([...seen].map(([k, v]) => [k, v.visible - updated]));
    return { start: t2 - t1, update: updated - t1, resolved: t2 - updated, rel, vis, lookup, exec };
  } finally {
    if (live.swarm.delete(c.id)) await swarmDriver.removeContainer(c.id, { force: true }).catch(() => undefined);
  }
}

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a').padStart(8);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const col = (rows, key) => rows.map((r) => r[key]);

function report(title, m) {
  console.log(`\n${title}`);
  console.log('phase        docker p50  docker p95   swarm p50   swarm p95   ratio p50   ratio p95');
  for (const key of ['total', 'create', 'start', 'exec', 'remove']) {
    const d50 = percentile(col(m.docker, key), 50);
    const d95 = percentile(col(m.docker, key), 95);
    const s50 = percentile(col(m.swarm, key), 50);
    const s95 = percentile(col(m.swarm, key), 95);
    console.log(
      `${(key === 'total' ? 'end to end' : key).padEnd(12)}${fmt(d50)}    ${fmt(d95)}    ${fmt(s50)}    ${fmt(s95)}    ${ratio(s50, d50).padStart(8)}    ${ratio(s95, d95).padStart(8)}`,
    );
  }
  const m50 = percentile(m.makespan.docker, 50);
  const s50 = percentile(m.makespan.swarm, 50);
  console.log(`round makespan p50: docker ${fmt(m50)}  swarm ${fmt(s50)}  (${ratio(s50, m50)})`);
  console.log('swarm start split (ms)      p50       p95');
  const labels = {
    update: 'update committed',
    task: 'task created',
    node: 'task created→running',
    seen: 'seen by the poll',
  };
  for (const [key, label] of Object.entries(labels)) {
    console.log(
      `  ${label.padEnd(22)}${fmt(percentile(col(m.swarm, key), 50))}  ${fmt(percentile(col(m.swarm, key), 95))}`,
    );
  }
  const nodes = {};
  for (const r of m.swarm) nodes[nodeName(r.nodeId)] = (nodes[nodeName(r.nodeId)] ?? 0) + 1;
  console.log(
    `swarm placement: ${Object.entries(nodes)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} (node 1 = manager, node 2 = worker)`,
  );
}

let failed;
try {
  const nodes = await swarmDriver.docker.listNodes();
  console.log(
    `swarm: create→start→exec(echo)→remove, SwarmDriver (${nodes.length} nodes: ${nodes
      .map((n) => `${nodeName(n.ID)} ${n.Status?.State}/${n.Spec?.Availability}`)
      .join(', ')}) vs DockerDriver (node 1's engine), engine ${version.engineVersion}, API ${version.apiVersion}`,
  );
  const c1 = await measure(1, RUNS, WARMUP);
  report(`concurrency 1: ${RUNS} lifecycles per driver (+${WARMUP} warm-up), interleaved`, c1);
  const c8 = await measure(8, ROUNDS8, 1);
  report(`concurrency 8: ${ROUNDS8} rounds × 8 lifecycles per driver (+1 warm-up round), interleaved`, c8);

  const traced = { tag: [], id: [] };
  for (let i = 0; i < TRACED; i++) {
    const kind = i % 2 === 0 ? 'tag' : 'id';
    traced[kind].push(await tracedStart(kind === 'tag' ? IMAGE : imageId));
  }
  console.log(
    `\ntraced swarm starts (concurrency 1, a watcher polls the task list every ~10 ms; ${traced.tag.length} by tag ${IMAGE}, ${traced.id.length} by id ${imageId.slice(0, 19)}…)`,
  );
  console.log('p50 ms after the service update was committed       by tag                by id');
  console.log('                                          state at   visible    state at   visible');
  const states = ['created', 'new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'];
  const p50of = (rows, field, s) =>
    percentile(
      rows.map((r) => r[field][s]),
      50,
    );
  for (const s of states) {
    const n = [...traced.tag, ...traced.id].filter((r) => Number.isFinite(r.rel[s])).length;
    if (n === 0) continue;
    console.log(
      `  task ${s.padEnd(10)} (seen in ${String(n).padStart(2)} of ${TRACED})  ${fmt(p50of(traced.tag, 'rel', s))}  ${fmt(p50of(traced.tag, 'vis', s))}    ${fmt(p50of(traced.id, 'rel', s))}  ${fmt(p50of(traced.id, 'vis', s))}`,
    );
  }
  console.log(
    `  startContainer resolved                             ${fmt(percentile(col(traced.tag, 'resolved'), 50))}               ${fmt(percentile(col(traced.id, 'resolved'), 50))}`,
  );
  console.log('p50 ms                                        by tag      by id');
  for (const [label, key] of [
    ['startContainer', 'start'],
    ['  of which until the update is committed', 'update'],
    ['task lookup (getContainer)', 'lookup'],
    ['exec (lookup + node engine)', 'exec'],
  ]) {
    console.log(
      `${label.padEnd(46)}${fmt(percentile(col(traced.tag, key), 50))}   ${fmt(percentile(col(traced.id, key), 50))}`,
    );
  }
  console.log(
    `\nswarm / docker end to end: concurrency 1 p50 ${ratio(percentile(col(c1.swarm, 'total'), 50), percentile(col(c1.docker, 'total'), 50))}, p95 ${ratio(percentile(col(c1.swarm, 'total'), 95), percentile(col(c1.docker, 'total'), 95))}; concurrency 8 p50 ${ratio(percentile(col(c8.swarm, 'total'), 50), percentile(col(c8.docker, 'total'), 50))}, p95 ${ratio(percentile(col(c8.swarm, 'total'), 95), percentile(col(c8.docker, 'total'), 95))}`,
  );
} catch (err) {
  failed = err;
} finally {
  await finish();
}
if (failed !== undefined) throw failed;
