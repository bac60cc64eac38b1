// Benchmark of @berth/session-manager (run by `npm run bench -- session`, or `node bench/session.mjs` after
// `npm run build`), on the local driver and, when an engine answers, on Docker. For each path the raw
// driver calls it makes are timed in the same loop, interleaved, and the ratio is printed:
//   cold createSession            vs raw createContainer + startContainer + exec(['true']) (the readiness probe)
//   warm-pool createSession       vs the same raw cold path (what the pool saves), target p50 < 25 ms
//   executeCode(python, print(1)) vs raw putFiles + exec(['python3', file])
// Env: BENCH_RUNS (default 30), BENCH_DOCKER=0 to skip Docker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerDriver } from '../packages/driver-docker/dist/esm/index.js';
import { dockerAvailable } from '../packages/driver-docker/dist/esm/testing/index.js';
import { LocalDriver } from '../packages/driver-local/dist/esm/index.js';
import { SESSION_COMMAND, SessionManager } from '../packages/session-manager/dist/esm/index.js';
import { pct, time } from './lib/timing.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function bench(name, driver, image) {
  const label = { 'bench.run': `session-${Date.now().toString(36)}` };
  const cold = new SessionManager(driver, { images: { default: image }, labels: label, maxSessions: 4 });
  const warm = new SessionManager(driver, {
    images: { default: image },
    labels: label,
    warmPool: { [image]: 1 },
    maxSessions: 4,
  });
  const spec = {
    image,
    command: [...SESSION_COMMAND],
    workingDir: '/tmp/berth',
    labels: { ...label }, // berth.* labels are reserved: the driver sets berth.managed itself
    security: { noNewPrivileges: true, capabilities: { drop: ['ALL'], add: [] } },
  };
  const rawCold = [];
  const coldCreate = [];
  const warmCreate = [];
  const rawRun = [];
  const run = [];
  try {
    await cold.start();
    await warm.warmUp();
    for (let i = 0; i < 3; i++) {
      const s = await cold.createSession({ agentType: 'python' }); // warm-up (page cache, image layers)
      await cold.cleanupSession(s.id);
    }
    for (let i = 0; i < RUNS; i++) {
      let rawId;
      rawCold.push(
        await time(async () => {
          const c = await driver.createContainer(spec);
          rawId = c.id;
          await driver.startContainer(c.id);
          const probe = await driver.exec(c.id, { command: ['true'] });
          if (probe.exitCode !== 0) throw new Error('raw probe failed');
        }),
      );
      await driver.removeContainer(rawId, { force: true });
      let coldId;
      coldCreate.push(
        await time(async () => {
          coldId = (await cold.createSession({ agentType: 'python' })).id;
        }),
      );
      await cold.cleanupSession(coldId);
      await warm.warmUp(); // refill outside the timed section
      let warmSession;
      warmCreate.push(
        await time(async () => {
          warmSession = await warm.createSession({ agentType: 'python' });
        }),
      );
      if (!warmSession.fromWarmPool) throw new Error('warm createSession did not take a warm-pool container');
      await warm.cleanupSession(warmSession.id);
    }
    const s = await cold.createSession({ agentType: 'python' });
    for (let i = 0; i < 3; i++) await cold.executeCode(s.id, { language: 'python', code: 'print(1)' });
    for (let i = 0; i < RUNS; i++) {
      rawRun.push(
        await time(async () => {
          await driver.putFiles(s.containerId, [{ path: `raw-${i}.py`, content: 'print(1)' }]);
          const r = await driver.exec(s.containerId, { command: ['python3', `raw-${i}.py`] });
          if (r.stdout !== '1\n') throw new Error(`raw run: ${JSON.stringify(r)}`);
        }),
      );
      run.push(
        await time(async () => {
          const r = await cold.executeCode(s.id, { language: 'python', code: 'print(1)' });
          if (r.stdout !== '1\n') throw new Error(`executeCode: ${JSON.stringify(r)}`);
        }),
      );
    }
  } finally {
    await cold.dispose();
    await warm.dispose();
  }
  const ratio = (a, b) => {
    const r = a / b;
    return `${r < 0.1 ? r.toFixed(4) : r.toFixed(2)}×`;
  };
  const row = (what, xs, base, baseName) =>
    `| ${name} | ${what} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 95).toFixed(2)} | ${baseName} | ${ratio(pct(xs, 50), pct(base, 50))} | ${ratio(pct(xs, 95), pct(base, 95))} |`;
  console.log(row('raw create+start+exec(true)', rawCold, rawCold, 'itself'));
  console.log(row('cold createSession', coldCreate, rawCold, 'raw create+start+probe'));
  console.log(row('warm-pool createSession', warmCreate, rawCold, 'raw create+start+probe'));
  console.log(row('raw putFiles+exec(python3)', rawRun, rawRun, 'itself'));
  console.log(row("executeCode('python','print(1)')", run, rawRun, 'raw putFiles+exec'));
  const w = pct(warmCreate, 50);
  return `${name}: warm-pool createSession p50 ${w.toFixed(2)} ms — target < 25 ms ${w < 25 ? 'met' : 'MISSED'}`;
}

console.log(`session: ${RUNS} runs per path`);
console.log('| driver | path | p50 ms | p95 ms | ratio against | p50 ratio | p95 ratio |');
console.log('|---|---|---|---|---|---|---|');
const verdicts = [];
const home = mkdtempSync(join(tmpdir(), 'berth-bench-session-'));
const local = new LocalDriver({ home });
try {
  verdicts.push(await bench('local', local, 'host'));
} finally {
  await local.dispose();
  rmSync(home, { recursive: true, force: true });
}
if (process.env.BENCH_DOCKER !== '0' && (await dockerAvailable())) {
  const docker = new DockerDriver();
  try {
    verdicts.push(await bench('docker', docker, 'berth/runtime:bookworm'));
  } finally {
    await docker.dispose();
  }
} else {
  verdicts.push('docker: skipped (no engine reachable or BENCH_DOCKER=0)');
}
for (const v of verdicts) console.log(v);
