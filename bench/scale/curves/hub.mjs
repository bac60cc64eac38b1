// Scale curve of the hub's fan-out: at each size N, N subscriber connections to one channel, opened by P client
// processes (separate from the server so the clients are not the server's bottleneck; loopback only), one producer
// in this process. Two servers per size, each in its own child process: the Berth hub (packages/hub/dist) and a
// bare `ws` server relaying each producer frame to every subscriber (corked sends, no parsing) — the baseline.
//   memory     — server RSS and heap (after GC) before and after the N connections → per connection;
//   saturation — a burst of M messages as fast as the producer can send; delivered messages/s = N·M / (time from
//                the first send to the last delivery, across all client processes);
//   fixed rate — D deliveries/s offered (D/N messages/s), p50/p99 latency over every delivery (send → receive,
//                same machine clock: performance.timeOrigin + performance.now()).
// Modes of this file: (default) the curve; --serve hub|bare (server child); --client (client child, via IPC).
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { startBareRelay } from '../../lib/ws-relay.mjs';
import { option, parseSizes, round, startRecord } from '../record.mjs';

const argv = process.argv.slice(2);
const PRODUCER_TOKEN = 'bench-producer-token-0123456789';
const READER_TOKEN = 'bench-reader-token-0123456789';
const PAD = 'x'.repeat(80);
const self = fileURLToPath(import.meta.url);
// BERTH_SCALE_ROOT: a copy of the built packages (see bench/scale/snapshot.sh) so concurrent rebuilds cannot swap dist/ mid-run.
const root = process.env.BERTH_SCALE_ROOT ?? new URL('../../../', import.meta.url).pathname;
/** Epoch milliseconds with sub-ms resolution, comparable across processes on one machine. */
const clock = () => performance.timeOrigin + performance.now();

// ── server child ─────────────────────────────────────────────────────────────
async function serve(kind) {
  let port;
  if (kind === 'bare') {
    ({ port } = await startBareRelay());
  } else {
    const { HubServer } = await import(`${root}packages/hub/dist/esm/index.js`);
    const { MockDriver } = await import(`${root}packages/driver-mock/dist/esm/index.js`);
    const { pino } = await import('pino');
    const hub = new HubServer({
      drivers: { mock: new MockDriver() },
      config: {
        port: 0,
        host: '127.0.0.1',
        authToken: READER_TOKEN,
        producerToken: PRODUCER_TOKEN,
        maxSessions: 10_000,
      },
      logger: pino({ level: 'warn' }),
    });
    port = (await hub.start()).port;
  }
  // SIGUSR2 → one line "mem <rss> <heapUsed> <cpu ms> <event loop idle ms> <active ms>" after a full GC (the server
  // runs with --expose-gc); the event loop times are cumulative (performance.eventLoopUtilization()).
  process.on('SIGUSR2', () => {
    global.gc?.();
    const m = process.memoryUsage();
    const c = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    process.stdout.write(`mem ${m.rss} ${m.heapUsed} ${(c.user + c.system) / 1000} ${elu.idle} ${elu.active}\n`);
  });
  // BERTH_SCALE_PROF_PHASE=1: SIGHUP starts a CPU profile, the next SIGHUP writes it to
  // /tmp/berth-scale-prof/<kind>-<pid>-<n>.cpuprofile (the curve brackets the fixed-rate phase with them).
  if (process.env.BERTH_SCALE_PROF_PHASE === '1') {
    const { Session } = await import('node:inspector/promises');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    let running = false;
    let count = 0;
    process.on('SIGHUP', async () => {
      if (!running) {
        running = true;
        await session.post('Profiler.start');
        return;
      }
      running = false;
      const { profile } = await session.post('Profiler.stop');
      mkdirSync('/tmp/berth-scale-prof', { recursive: true });
      count += 1;
      writeFileSync(`/tmp/berth-scale-prof/${kind}-${process.pid}-${count}.cpuprofile`, JSON.stringify(profile));
    });
  }
  process.on('SIGTERM', () => process.exit(0));
  process.stdout.write(`ready ${port}\n`);
}

function startServer(kind) {
  const prof = process.env.BERTH_SCALE_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/berth-scale-prof'] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...prof, self, '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters = [];
  child.stdout.on('data', (d) => {
    out += d;
    let nl = out.indexOf('\n');
    while (nl >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      waiters.shift()?.(line);
      nl = out.indexOf('\n');
    }
  });
  const nextLine = () => new Promise((r) => waiters.push(r));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    nextLine().then((line) => {
      const port = Number(/ready (\d+)/.exec(line)?.[1]);
      resolve({
        port,
        child,
        /** The server's RSS, heap (bytes, after GC) and CPU time (ms). */
        async mem() {
          const next = nextLine();
          child.kill('SIGUSR2');
          const [, rss, heap, cpu, idle, active] = (await next).split(' ').map(Number);
          return { rss, heap, cpu, idle, active };
        },
        /** Starts / stops the phase profile (BERTH_SCALE_PROF_PHASE=1). */
        toggleProfile() {
          if (process.env.BERTH_SCALE_PROF_PHASE === '1') child.kill('SIGHUP');
        },
        stop() {
          child.removeAllListeners('exit');
          return new Promise((r) => {
            child.once('exit', r);
            child.kill('SIGTERM');
          });
        },
      });
    });
  });
}

// ── client child ─────────────────────────────────────────────────────────────
// IPC: parent sends {connect: {url, kind, count}}, {burst: m}, {rate: true}, {report: true}, {close: true}.
async function client() {
  const sockets = [];
  let counting = null; // burst: {want, got, last} ; rate: histogram
  const HIST_STEP = 0.05; // ms per latency bucket, up to 10 s
  const hist = new Uint32Array(200_001);
  let rated = 0;
  let eluAtRate = performance.eventLoopUtilization();
  let ratedFirst = 0;
  let ratedLast = 0;
  const onFrame = (buf) => {
    const s = buf.toString('latin1');
    const at = s.indexOf('"text":"');
    if (at < 0) return;
    const start = at + 8;
    const sent = Number(s.slice(start, s.indexOf(':', start)));
    const now = clock();
    if (counting?.mode === 'burst') {
      counting.got += 1;
      counting.last = now;
      if (counting.got === counting.want) process.send({ burstDone: counting.last });
    } else if (counting?.mode === 'rate') {
      rated += 1;
      if (ratedFirst === 0) ratedFirst = now;
      ratedLast = now;
      hist[Math.min(hist.length - 1, Math.round((now - sent) / HIST_STEP))] += 1;
    }
  };
  process.on('message', async (msg) => {
    if (msg.connect) {
      const { url, kind, count } = msg.connect;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(32, count) }, async () => {
          while (next < count) {
            next += 1;
            sockets.push(await subscribe(url, kind));
          }
        }),
      );
      for (const ws of sockets) ws.on('message', onFrame);
      process.send({ connected: sockets.length });
    } else if (msg.burst) {
      counting = { mode: 'burst', want: msg.burst * sockets.length, got: 0, last: 0 };
      process.send({ armed: true });
    } else if (msg.rate) {
      counting = { mode: 'rate' };
      hist.fill(0);
      rated = 0;
      ratedFirst = 0;
      eluAtRate = performance.eventLoopUtilization();
      process.send({ armed: true });
    } else if (msg.report) {
      const buckets = [];
      for (let i = 0; i < hist.length; i += 1) if (hist[i] > 0) buckets.push([i * HIST_STEP, hist[i]]);
      counting = null;
      const elu = performance.eventLoopUtilization(eluAtRate).utilization;
      process.send({ report: { rated, ratedFirst, ratedLast, buckets, elu } });
    } else if (msg.close) {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
  process.send({ up: true });
}

function subscribe(url, kind) {
  return new Promise((resolve, reject) => {
    const ws =
      kind === 'bare'
        ? new WebSocket(`${url}/?role=sub`, { perMessageDeflate: false })
        : new WebSocket(url, { headers: { authorization: `Bearer ${READER_TOKEN}` }, perMessageDeflate: false });
    const onMessage = (data) => {
      if (String(data).includes('"subscribed"')) {
        ws.off('message', onMessage);
        resolve(ws);
      }
    };
    ws.on('message', onMessage);
    ws.once('open', () => {
      if (kind !== 'bare') ws.send(JSON.stringify({ type: 'subscribe', sessionId: 'bench' }));
    });
    ws.once('error', reject);
  });
}

// ── the curve ────────────────────────────────────────────────────────────────
function spawnClient() {
  const child = fork(self, ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue = [];
  const listeners = new Set();
  child.on('message', (m) => {
    for (const l of listeners) l(m);
    queue.shift()?.(m);
  });
  return {
    child,
    listeners,
    ask(msg) {
      const p = new Promise((r) => queue.push(r));
      child.send(msg);
      return p;
    },
    first() {
      return new Promise((r) => queue.push(r));
    },
  };
}

function openProducer(kind, port) {
  return new Promise((resolve, reject) => {
    const ws =
      kind === 'bare'
        ? new WebSocket(`ws://127.0.0.1:${port}/?role=pub`, { perMessageDeflate: false })
        : new WebSocket(`ws://127.0.0.1:${port}`, {
            headers: { authorization: `Bearer ${PRODUCER_TOKEN}` },
            perMessageDeflate: false,
          });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const frame = (seq) =>
  JSON.stringify({
    type: 'publish',
    sessionId: 'bench',
    data: { kind: 'log', stream: 'stdout', text: `${clock().toFixed(3)}:${seq}:${PAD}` },
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(kind, n, { clients, seconds, deliveries }) {
  const server = await startServer(kind);
  const procs = Array.from({ length: Math.min(clients, n) }, spawnClient);
  try {
    await Promise.all(procs.map((p) => p.first()));
    await sleep(200);
    const m0 = await server.mem();
    const per = procs.map((_, i) => Math.floor(n / procs.length) + (i < n % procs.length ? 1 : 0));
    const url = `ws://127.0.0.1:${server.port}`;
    const tConnect = clock();
    await Promise.all(procs.map((p, i) => p.ask({ connect: { url, kind, count: per[i] } })));
    const connectMs = clock() - tConnect;
    await sleep(500);
    const m1 = await server.mem();
    const producer = await openProducer(kind, server.port);

    // Saturation: burst of M messages.
    const burst = Math.max(10, Math.ceil(200_000 / n));
    const doneAt = procs.map(
      (p) =>
        new Promise((resolve) => {
          const l = (msg) => {
            if (msg.burstDone !== undefined) {
              p.listeners.delete(l);
              resolve(msg.burstDone);
            }
          };
          p.listeners.add(l);
        }),
    );
    await Promise.all(procs.map((p) => p.ask({ burst })));
    const cpu0 = (await server.mem()).cpu;
    const t0 = clock();
    for (let i = 1; i <= burst; i += 1) {
      producer.send(frame(i));
      if (i % 50 === 0) await new Promise((r) => setImmediate(r)); // let the socket drain
    }
    const timeout = sleep(120_000).then(() => null);
    const ends = await Promise.race([Promise.all(doneAt), timeout]);
    const burstComplete = ends !== null;
    const satSeconds = ((burstComplete ? Math.max(...ends) : clock()) - t0) / 1000;
    const cpu1 = (await server.mem()).cpu;
    await Promise.all(procs.map((p) => p.ask({ report: true })));

    // Fixed rate: D deliveries/s offered in total.
    const rate = deliveries / n; // messages/s
    await Promise.all(procs.map((p) => p.ask({ rate: true })));
    const r0 = await server.mem();
    server.toggleProfile();
    const start = clock();
    let sent = 0;
    while (clock() - start < seconds * 1000) {
      const due = Math.floor(((clock() - start) / 1000) * rate) + 1;
      while (sent < due) {
        sent += 1;
        producer.send(frame(sent));
      }
      await sleep(Math.min(10, Math.max(1, 1000 / rate)));
    }
    const offeredSeconds = (clock() - start) / 1000;
    await sleep(1000); // drain
    server.toggleProfile();
    const r1 = await server.mem();
    const reports = (await Promise.all(procs.map((p) => p.ask({ report: true })))).map((r) => r.report);
    const merged = new Map();
    let got = 0;
    for (const r of reports) {
      got += r.rated;
      for (const [ms, c] of r.buckets) merged.set(ms, (merged.get(ms) ?? 0) + c);
    }
    const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
    const q = (p) => {
      let acc = 0;
      for (const [ms, c] of sorted) {
        acc += c;
        if (acc >= p * got) return ms;
      }
      return Number.NaN;
    };
    producer.terminate();
    return {
      connectMs: round(connectMs, 0),
      rssKiBPerConn: round((m1.rss - m0.rss) / n / 1024, 2),
      heapKiBPerConn: round((m1.heap - m0.heap) / n / 1024, 2),
      rssMiB: round(m1.rss / 2 ** 20, 1),
      burst,
      burstComplete,
      saturatedPerSec: round((n * burst) / satSeconds, 0),
      cpuUsPerDelivery: round(((cpu1 - cpu0) * 1000) / (n * burst), 3),
      offeredPerSec: round((sent * n) / offeredSeconds, 0),
      deliveredAtRate: got,
      deliveredFraction: round(got / (sent * n), 4),
      p50: round(q(0.5), 2),
      p99: round(q(0.99), 2),
      // Fixed-rate phase (+1 s drain): the server's event loop busy fraction and CPU per delivery, and the busiest
      // client process's event loop — where the latency is spent: a saturated loop queues, an idle one does not.
      rateServerElu: round((r1.active - r0.active) / (r1.active - r0.active + r1.idle - r0.idle), 3),
      rateCpuUsPerDelivery: round(((r1.cpu - r0.cpu) * 1000) / Math.max(1, got), 3),
      rateClientEluMax: round(Math.max(...reports.map((r) => r.elu)), 3),
    };
  } finally {
    for (const p of procs) p.child.send({ close: true });
    await Promise.all(
      procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r() : p.child.once('exit', r)))),
    );
    await server.stop();
  }
}

async function main() {
  const sizes = parseSizes(argv, [100, 1000, 5000]);
  const params = {
    clients: Number(option(argv, 'clients', '4')),
    seconds: Number(option(argv, 'seconds', '5')),
    deliveries: Number(option(argv, 'deliveries', '20000')),
  };
  const record = startRecord({
    curve: option(argv, 'curve', 'hub'),
    title: 'Hub fan-out: one channel, N subscriber connections, vs a bare ws relay',
    xTitle: 'subscriber connections',
    parameters: { ...params, sizes, producer: 'one, in the orchestrating process', payload: '~150 B log frame' },
    charts: [
      {
        title: 'saturated deliveries/s (burst)',
        unit: 'messages/s delivered',
        series: [
          { name: 'hub', field: 'hubSaturatedPerSec' },
          { name: 'bare ws', field: 'bareSaturatedPerSec' },
        ],
      },
      {
        title: `p99 latency at ${params.deliveries} deliveries/s offered (ms)`,
        unit: 'ms',
        log: true,
        series: [
          { name: 'hub p99', field: 'hubP99' },
          { name: 'bare p99', field: 'bareP99' },
          { name: 'hub p50', field: 'hubP50' },
          { name: 'bare p50', field: 'bareP50' },
        ],
      },
      {
        title: 'server RSS per connection (KiB)',
        unit: 'KiB',
        series: [
          { name: 'hub', field: 'hubRssKiBPerConn' },
          { name: 'bare ws', field: 'bareRssKiBPerConn' },
        ],
      },
      {
        title: 'fixed-rate phase: event loop busy (0–1)',
        unit: 'utilisation',
        series: [
          { name: 'hub server', field: 'hubRateServerElu' },
          { name: 'bare server', field: 'bareRateServerElu' },
          { name: 'busiest hub client', field: 'hubRateClientEluMax' },
          { name: 'busiest bare client', field: 'bareRateClientEluMax' },
        ],
      },
      {
        title: 'server CPU per delivery (µs, burst)',
        unit: 'µs',
        series: [
          { name: 'hub', field: 'hubCpuUsPerDelivery' },
          { name: 'bare ws', field: 'bareCpuUsPerDelivery' },
        ],
      },
    ],
  });
  for (const n of sizes) {
    const point = { size: n };
    for (const kind of ['bare', 'hub']) {
      const r = await measure(kind, n, params);
      for (const [k, v] of Object.entries(r)) point[`${kind}${k[0].toUpperCase()}${k.slice(1)}`] = v;
    }
    point.saturatedRatio = round(point.hubSaturatedPerSec / point.bareSaturatedPerSec, 2);
    record.point(point);
  }
  record.write();
}

if (argv.includes('--serve')) await serve(option(argv, 'serve', 'hub'));
else if (argv.includes('--client')) await client();
else await main();
