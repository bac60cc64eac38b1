// Scale curve of @berth/session-manager on the mock or local driver: at each size N (live sessions),
//   raw baseline — the same driver's createContainer + startContainer ×N (kept live), heap per container,
//                  then putFiles + exec(python3) round-robin over them (the calls executeCode makes);
//   Berth        — createSession ×N (kept live), heap per session (process heap: the manager's share is the
//                  difference to the raw heap per container), executeCode round-robin, and reaper ticks
//                  (manager.reap() with N live sessions, none expiring).
//   Both phases also sample this process's CPU for --idle-seconds while nothing is asked of it (N live):
//   what merely keeping N containers / sessions costs the driver and the manager.
// Sequential calls: latency is per call at N live, not throughput. Run by bench/scale/run.mjs (needs --expose-gc).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { option, parseSizes, quantile, round, settledHeap, startRecord, time } from '../record.mjs';

const argv = process.argv.slice(2);
const curve = option(argv, 'curve', 'sessions-mock');
const driverName = option(argv, 'driver', 'mock');
const sizes = parseSizes(argv, driverName === 'mock' ? [10, 100, 1000, 10000] : [10, 100, 1000]);
const execRuns = Number(option(argv, 'exec-runs', '200'));
const reaps = Number(option(argv, 'reaps', '20'));
const idleSeconds = Number(option(argv, 'idle-seconds', '5'));

/** This process's CPU (% of one core) over `idleSeconds` of doing nothing but keeping what is live. */
async function idleCpuPct() {
  const before = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const used = process.cpuUsage(before);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
  return round(((used.user + used.system) / wallUs) * 100, 2);
}
// BERTH_SCALE_ROOT: a copy of the built packages (see bench/scale/snapshot.sh) so concurrent rebuilds cannot swap dist/ mid-run.
const root = process.env.BERTH_SCALE_ROOT ?? new URL('../../../', import.meta.url).pathname;
const { SESSION_COMMAND, SessionManager } = await import(`${root}packages/session-manager/dist/esm/index.js`);

const MOCK_IMAGE = 'berth/runtime:bookworm';

/** A driver for one size (fresh for the mock so no state carries over; the local one gets its own home). */
async function makeDriver() {
  if (driverName === 'mock') {
    const { MockDriver } = await import(`${root}packages/driver-mock/dist/esm/index.js`);
    const mock = new MockDriver({ images: [MOCK_IMAGE] });
    mock.onExec('python3', () => ({ stdout: '1\n' }));
    return { driver: mock, image: MOCK_IMAGE, dispose: () => mock.dispose() };
  }
  if (driverName === 'local') {
    const { LocalDriver } = await import(`${root}packages/driver-local/dist/esm/index.js`);
    const home = mkdtempSync(join(tmpdir(), 'berth-scale-'));
    const local = new LocalDriver({ home });
    return {
      driver: local,
      image: 'host',
      dispose: async () => {
        await local.dispose();
        rmSync(home, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`--driver must be mock or local, got ${driverName}`);
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

async function measure(n) {
  const { driver, image, dispose } = await makeDriver();
  const labels = { 'berth-bench': 'scale' };
  const spec = {
    image,
    command: [...SESSION_COMMAND],
    workingDir: '/tmp/berth',
    labels,
    security: { noNewPrivileges: true, capabilities: { drop: ['ALL'], add: [] } },
  };
  const p = { size: n };
  const raw = []; // live raw containers, removed in finally even when the size fails
  try {
    // ── raw baseline ──
    const h0 = settledHeap();
    const rawCreate = [];
    for (let i = 0; i < n; i += 1) {
      rawCreate.push(
        await time(async () => {
          const c = await driver.createContainer(spec);
          await driver.startContainer(c.id);
          raw.push(c.id);
        }),
      );
    }
    const h1 = settledHeap();
    const rawIdle = await idleCpuPct();
    const rawExec = [];
    for (let i = 0; i < execRuns; i += 1) {
      const id = raw[i % raw.length];
      rawExec.push(
        await time(async () => {
          await driver.putFiles(id, [{ path: `/tmp/berth/raw-${i}.py`, content: 'print(1)' }]);
          const r = await driver.exec(id, { command: ['python3', `raw-${i}.py`], workingDir: '/tmp/berth' });
          if (r.stdout !== '1\n') throw new Error(`raw exec: ${JSON.stringify(r)}`);
        }),
      );
    }
    await pool(raw, 8, (id) => driver.removeContainer(id, { force: true }));
    raw.length = 0;

    // ── Berth ──
    const manager = new SessionManager(driver, {
      images: { default: image },
      labels,
      maxSessions: n,
      reapIntervalMs: 3_600_000, // ticks are driven below, never by the interval
      // none expires while N are created (1,000 local sandboxes on a loaded box took longer than the 15 min idle default)
      timeoutMs: 86_400_000,
      idleTimeoutMs: 86_400_000,
    });
    try {
      await manager.start();
      const h2 = settledHeap();
      const create = [];
      const ids = [];
      for (let i = 0; i < n; i += 1) {
        create.push(
          await time(async () => {
            ids.push((await manager.createSession({ agentType: 'python' })).id);
          }),
        );
      }
      const h3 = settledHeap();
      const idle = await idleCpuPct();
      const exec = [];
      for (let i = 0; i < execRuns; i += 1) {
        const id = ids[i % ids.length];
        exec.push(
          await time(async () => {
            const r = await manager.executeCode(id, { language: 'python', code: 'print(1)' });
            if (r.stdout !== '1\n') throw new Error(`executeCode: ${JSON.stringify(r)}`);
          }),
        );
      }
      const reap = [];
      for (let i = 0; i < reaps; i += 1) reap.push(await time(() => manager.reap()));
      if ((await manager.listSessions()).length !== n) throw new Error('sessions were reaped during the run');

      Object.assign(p, {
        rawCreateP50: round(quantile(rawCreate, 0.5)),
        rawCreateP99: round(quantile(rawCreate, 0.99)),
        createP50: round(quantile(create, 0.5)),
        createP99: round(quantile(create, 0.99)),
        createRatioP50: round(quantile(create, 0.5) / quantile(rawCreate, 0.5), 2),
        rawExecP50: round(quantile(rawExec, 0.5)),
        rawExecP99: round(quantile(rawExec, 0.99)),
        execP50: round(quantile(exec, 0.5)),
        execP99: round(quantile(exec, 0.99)),
        execRatioP50: round(quantile(exec, 0.5) / quantile(rawExec, 0.5), 2),
        rawHeapKiBPerContainer: round((h1 - h0) / n / 1024, 2),
        heapKiBPerSession: round((h3 - h2) / n / 1024, 2),
        managerHeapKiBPerSession: round((h3 - h2 - (h1 - h0)) / n / 1024, 2),
        rawIdleCpuPct: rawIdle,
        idleCpuPct: idle,
        reapTickP50: round(quantile(reap, 0.5)),
        reapTickP99: round(quantile(reap, 0.99)),
        reapUsPerSession: round((quantile(reap, 0.5) * 1000) / n, 3),
      });
    } finally {
      await manager.dispose();
    }
  } finally {
    await pool(raw, 8, (id) => driver.removeContainer(id, { force: true }).catch(() => undefined));
    await dispose();
  }
  return p;
}

const record = startRecord({
  curve,
  title: `Sessions on the ${driverName} driver: cost per live session vs the driver's own calls`,
  xTitle: 'live sessions',
  parameters: { driver: driverName, sizes, execRuns, reapTicks: reaps, idleSeconds, calls: 'sequential' },
  charts: [
    {
      title: 'createSession vs raw create+start (ms)',
      unit: 'ms',
      log: true,
      series: [
        { name: 'createSession p50', field: 'createP50' },
        { name: 'createSession p99', field: 'createP99' },
        { name: 'raw create+start p50', field: 'rawCreateP50' },
        { name: 'raw create+start p99', field: 'rawCreateP99' },
      ],
    },
    {
      title: 'executeCode vs raw putFiles+exec (ms)',
      unit: 'ms',
      log: true,
      series: [
        { name: 'executeCode p50', field: 'execP50' },
        { name: 'executeCode p99', field: 'execP99' },
        { name: 'raw putFiles+exec p50', field: 'rawExecP50' },
        { name: 'raw putFiles+exec p99', field: 'rawExecP99' },
      ],
    },
    {
      title: 'heap per live session (KiB, after GC)',
      unit: 'KiB',
      series: [
        { name: 'session (process heap)', field: 'heapKiBPerSession' },
        { name: 'raw container (driver only)', field: 'rawHeapKiBPerContainer' },
        { name: "manager's share", field: 'managerHeapKiBPerSession' },
      ],
    },
    {
      title: 'idle CPU of the process keeping N live (% of one core)',
      unit: '% core',
      series: [
        { name: 'N sessions', field: 'idleCpuPct' },
        { name: 'N raw containers', field: 'rawIdleCpuPct' },
      ],
    },
    {
      title: 'reaper tick per live session (µs, p50)',
      unit: 'µs / session',
      series: [{ name: 'reap() / N', field: 'reapUsPerSession' }],
    },
  ],
});
// Warm-up round (discarded): JIT, lazy module state and the driver's first containers out of the first size.
await measure(Math.min(10, sizes[0]));
for (const n of sizes) record.point(await measure(n));
record.write();
