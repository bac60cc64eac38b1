// Benchmark of executeCode's path on Docker (run by `npm run bench -- exec-path`, or `node bench/exec-path.mjs`
// after `npm run build`), every path measured in the same run, interleaved round by round, against raw dockerode:
//   raw dockerode exec `python3 -c 'print(1)'` on a running container (exec create + start + inspect) — the baseline
//   executeCode('print(1)') on a ready session                                 vs that raw exec (target p50 ≤ 0.5×)
//   warm pool: createSession + first executeCode                               vs that raw exec (target p50 ≤ 1.0×)
//   cold: createSession + first executeCode        vs raw dockerode create → start → exec of the same image (≤ 1.15×)
// Removal of containers and sessions is outside the timed sections, and so is the pool's refill except its first
// step: the pool starts refilling when a container is taken, so that create runs beside the warm section's first run.
// Env: BENCH_RUNS (default 20 rounds after 3 warm-up rounds), BENCH_IMAGE (default berth/runtime:bookworm).
// Flags: --runs N (as BENCH_RUNS), --profile (after the table: the Engine API calls of a few cold rounds, raw and
// Berth, each with its start and end in ms from the round's start — where a cold createSession spends its time),
// --help.
import { availableParallelism, loadavg } from 'node:os';
import Docker from 'dockerode';
import { DockerDriver } from '../packages/driver-docker/dist/esm/index.js';
import { dockerAvailable } from '../packages/driver-docker/dist/esm/testing/index.js';
import { SESSION_COMMAND, SessionManager } from '../packages/session-manager/dist/esm/index.js';
import { pct, time } from './lib/timing.mjs';

const HELP = `Usage: node bench/exec-path.mjs [--runs N] [--profile] [--help]   (after npm run build)
Measures on Docker, interleaved round by round in one run: raw dockerode exec python3 -c 'print(1)' (baseline),
executeCode('print(1)') on a ready session (target p50 <= 0.5x), warm pool createSession + first executeCode
(<= 1.0x of the raw exec), raw dockerode create->start->exec and cold createSession + first executeCode (<= 1.15x).
  --runs N    rounds after 3 warm-up rounds (default 20, or BENCH_RUNS)
  --profile   then trace the Engine API calls of 3 cold rounds, raw and Berth (start/end ms from the round's start)
  --help      this text
Env: BENCH_RUNS, BENCH_IMAGE (default berth/runtime:bookworm).`;
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const runsAt = argv.indexOf('--runs');
const RUNS = Number(runsAt >= 0 ? argv[runsAt + 1] : (process.env.BENCH_RUNS ?? 20));
const PROFILE = argv.includes('--profile');
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`exec-path: --runs wants a positive integer\n${HELP}`);
  process.exit(2);
}
const WARMUP = 3;
const IMAGE = process.env.BENCH_IMAGE ?? 'berth/runtime:bookworm';
const LABELS = { 'bench.run': `exec-path-${Date.now().toString(36)}` };

/** Raw dockerode exec: create, start (hijacked, demuxed), inspect for the exit code. */
async function rawExec(docker, container, cmd) {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let out = '';
  await new Promise((resolve, reject) => {
    const sink = { write: (b) => (out += b.toString()), end() {} };
    docker.modem.demuxStream(stream, sink, { write() {}, end() {} });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0 || out !== '1\n') throw new Error(`raw exec: exit ${ExitCode}, ${JSON.stringify(out)}`);
}

/** Raw dockerode create → start → exec of the session image (what a cold session needs at least). */
async function rawCold(docker) {
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: [...SESSION_COMMAND],
    WorkingDir: '/tmp',
    Labels: LABELS,
    HostConfig: { AutoRemove: false },
  });
  await container.start();
  await rawExec(docker, container, ['python3', '-c', 'print(1)']);
  return container;
}

async function firstRun(manager, session) {
  const r = await manager.executeCode(session.id, { language: 'python', code: 'print(1)' });
  if (r.exitCode !== 0 || r.stdout !== '1\n') throw new Error(`executeCode: ${JSON.stringify(r)}`);
}

if (!(await dockerAvailable())) {
  console.log('exec-path: skipped (no Docker engine reachable)');
  process.exit(0);
}
/** Engine API calls through `docker` while `trace.on`: [start ms, end ms, method and path] from `trace.t0`. */
const trace = { on: false, t0: 0n, calls: [] };
const sinceT0 = () => Number(process.hrtime.bigint() - trace.t0) / 1e6;
function traced(client) {
  const dial = client.modem.dial.bind(client.modem);
  client.modem.dial = (options, cb) => {
    if (!trace.on) return dial(options, cb);
    const start = sinceT0();
    const what = `${options.method} ${String(options.path)
      .split('?')[0]
      .replace(/[0-9a-f]{64}/g, '<id>')}`;
    return dial(options, (err, data) => {
      trace.calls.push([start, sinceT0(), err ? `${what} (error ${err.statusCode ?? err.message})` : what]);
      cb(err, data);
    });
  };
  return client;
}
const mark = (what) => trace.on && trace.calls.push([sinceT0(), sinceT0(), `-- ${what}`]);
const docker = traced(new Docker());
const driver = new DockerDriver({ docker });
const opts = { images: { default: IMAGE }, labels: LABELS, maxSessions: 8 };
const cold = new SessionManager(driver, opts);
const warm = new SessionManager(driver, { ...opts, warmPool: { [IMAGE]: 1 } });
const samples = { raw: [], run: [], warm: [], cold: [], rawCold: [] };
try {
  await cold.start();
  await warm.warmUp();
  const ready = await cold.createSession({ agentType: 'python' });
  const base = docker.getContainer(ready.containerId);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const keep = i >= WARMUP;
    const raw = await time(() => rawExec(docker, base, ['python3', '-c', 'print(1)']));
    const run = await time(() => firstRun(cold, ready));
    let warmSession;
    const w = await time(async () => {
      warmSession = await warm.createSession({ agentType: 'python' });
      await firstRun(warm, warmSession);
    });
    if (!warmSession.fromWarmPool) throw new Error('warm createSession did not take a warm-pool container');
    await warm.cleanupSession(warmSession.id);
    await warm.warmUp(); // refill outside the timed section
    let rawContainer;
    const rc = await time(async () => {
      rawContainer = await rawCold(docker);
    });
    await rawContainer.remove({ force: true });
    let coldSession;
    const c = await time(async () => {
      coldSession = await cold.createSession({ agentType: 'python' });
      await firstRun(cold, coldSession);
    });
    await cold.cleanupSession(coldSession.id);
    if (keep) {
      samples.raw.push(raw);
      samples.run.push(run);
      samples.warm.push(w);
      samples.rawCold.push(rc);
      samples.cold.push(c);
    }
  }
} finally {
  await cold.dispose();
  await warm.dispose();
  if (!PROFILE) await driver.dispose();
}
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const row = (what, xs, base, baseName, target) =>
  `| ${what} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${baseName} | ${ratio(pct(xs, 50), pct(base, 50))} | ${ratio(pct(xs, 99), pct(base, 99))} | ${target} |`;
console.log(`exec-path: Docker, ${IMAGE}, ${RUNS} rounds after ${WARMUP} warm-up rounds, interleaved`);
console.log('| path | p50 ms | p99 ms | ratio against | p50 ratio | p99 ratio | target (p50) |');
console.log('|---|---|---|---|---|---|---|');
console.log(row("raw dockerode exec python3 -c 'print(1)'", samples.raw, samples.raw, 'itself', 'baseline'));
console.log(row("executeCode('print(1)'), ready session", samples.run, samples.raw, 'raw exec', '≤ 0.5×'));
console.log(row('warm pool createSession + first executeCode', samples.warm, samples.raw, 'raw exec', '≤ 1.0×'));
console.log(row('raw dockerode create→start→exec', samples.rawCold, samples.rawCold, 'itself', 'baseline'));
console.log(
  row('cold createSession + first executeCode', samples.cold, samples.rawCold, 'raw create→start→exec', '≤ 1.15×'),
);
const [l1, l5] = loadavg();
console.log(
  `(${new Date().toISOString()}, ${availableParallelism()} cores, load ${l1.toFixed(1)} / ${l5.toFixed(1)} now)`,
);
const verdict = (name, xs, base, max) => {
  const r = pct(xs, 50) / pct(base, 50);
  return `${name}: ${r.toFixed(2)}× (target ≤ ${max}×) ${r <= max ? 'met' : 'MISSED'}`;
};
console.log(verdict('executeCode', samples.run, samples.raw, 0.5));
console.log(verdict('warm pool', samples.warm, samples.raw, 1.0));
console.log(verdict('cold', samples.cold, samples.rawCold, 1.15));

if (PROFILE) await profileCold();

/** Three cold rounds with every Engine API call traced: raw create→start→exec, then Berth's createSession + run. */
async function profileCold() {
  const manager = new SessionManager(driver, opts);
  try {
    await manager.start();
    for (let round = 1; round <= 3; round++) {
      const show = (title) => {
        console.log(`\n${title} (round ${round}): start ms, end ms, took ms, call`);
        for (const [a, b, what] of trace.calls.sort((x, y) => x[0] - y[0]))
          console.log(
            `${a.toFixed(1).padStart(8)} ${b.toFixed(1).padStart(8)} ${(b - a).toFixed(1).padStart(7)}  ${what}`,
          );
        trace.calls = [];
        trace.on = false;
      };
      trace.calls = [];
      trace.t0 = process.hrtime.bigint();
      trace.on = true;
      const c = await rawCold(docker);
      mark('raw create→start→exec done');
      show('raw dockerode');
      await c.remove({ force: true });
      trace.t0 = process.hrtime.bigint();
      trace.on = true;
      const s = await manager.createSession({ agentType: 'python' });
      mark('createSession resolved');
      await firstRun(manager, s);
      mark('first executeCode resolved');
      await new Promise((r) => setTimeout(r, 300)); // calls still running in the background show up too
      show('Berth cold');
      await manager.cleanupSession(s.id);
    }
  } finally {
    await manager.dispose();
    await driver.dispose();
  }
}
