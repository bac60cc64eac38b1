#!/usr/bin/env node
// hub-fanout: N producers publish log lines into one channel, 100 subscribers receive them.
// Compares the Berth hub (packages/hub/dist, `npm run build` first) with a bare `ws` broadcast server
// (bench/lib/ws-relay.mjs: relays each producer frame to every subscriber, corked sends, no parsing), both run in
// a child process so the server has a core of its own and the clients the other.
//   Phase 1 (saturation): producers keep a window of W messages in flight per producer (end-to-end: a message
//     leaves the window once every subscriber has it); delivered messages/s = deliveries across subscribers / s.
//   Phase 2 (fixed rate): 2,000 messages/s in total, i.e. 2,000 messages/s to each of 100 subscribers;
//     latency = receive time - send time (same process clock), p50/p99 over every delivery.
// Usage: node bench/hub-fanout.mjs [--producers 2] [--subscribers 100] [--seconds 5] [--rate 2000]
// BENCH_MONITORING=1 adds a third server, `hub-monitored`: the same hub with `monitorContainers` sampling 20 running
// mock containers every 100 ms into the container gauges, and a ContainerMonitor rule (hub action) on each.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { startBareRelay } from './lib/ws-relay.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' },
    producers: { type: 'string', default: '2' },
    subscribers: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '2000' },
    window: { type: 'string', default: '200' },
  },
});
const PRODUCER_TOKEN = 'bench-producer-token-0123456789';
const READER_TOKEN = 'bench-reader-token-0123456789';
const PAD = 'x'.repeat(80);

if (opts.serve !== undefined) await serve(opts.serve);
else await main();

// ── server side (child process) ─────────────────────────────────────────────
async function serve(kind) {
  if (kind === 'bare') {
    const { port } = await startBareRelay();
    process.stdout.write(`ready ${port}\n`);
    process.on('SIGTERM', () => reportCpuAndExit());
    process.on('SIGUSR2', () => reportCpu());
    return;
  }
  const { HubServer } = await import(join(here, '../packages/hub/dist/esm/index.js'));
  const { MockDriver } = await import(join(here, '../packages/driver-mock/dist/esm/index.js'));
  const { pino } = await import('pino');
  const driver = new MockDriver();
  const monitored = kind === 'hub-monitored';
  const hub = new HubServer({
    drivers: { mock: driver },
    config: { port: 0, authToken: READER_TOKEN, producerToken: PRODUCER_TOKEN, maxSessions: 10_000 },
    logger: pino({ level: 'warn' }),
    ...(monitored ? { monitorContainers: { intervalMs: 100 } } : {}),
  });
  if (monitored) {
    const { ContainerMonitor } = await import(join(here, '../packages/monitoring/dist/esm/index.js'));
    const quiet = () => undefined;
    const monitor = new ContainerMonitor(driver, {
      metrics: hub.monitoring.metrics,
      hub: hub.monitoring.alertSink('mock'),
      intervalMs: 100,
      logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    monitor.addAlertRule({
      id: 'cpu',
      name: 'CPU',
      condition: (m) => m.cpu.percentage > 80,
      severity: 'high',
      actions: [{ type: 'hub' }],
    });
    for (let i = 0; i < 20; i += 1) {
      const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
      await driver.startContainer(c.id);
      monitor.startMonitoring(c);
    }
  }
  const { port } = await hub.start();
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => reportCpuAndExit());
  process.on('SIGUSR2', () => reportCpu());
}

/** Prints the server process's CPU time so far (user + system, ms). */
function reportCpu(done) {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`cpu ${(user + system) / 1000}\n`, done);
}

/** Prints the server process's CPU time (user + system, ms) and exits. */
function reportCpuAndExit() {
  reportCpu(() => process.exit(0));
}

// ── client side ──────────────────────────────────────────────────────────────
function startServer(kind) {
  const prof = process.env.BENCH_PROF === kind ? ['--cpu-prof', '--cpu-prof-dir=/tmp/hubprof'] : [];
  const child = spawn(process.execPath, [...prof, fileURLToPath(import.meta.url), '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  }).then((r) => {
    // CPU readings (ms) the server printed, in order; `cpuAt()` asks for one (SIGUSR2) and waits for it.
    const readings = [];
    const waiters = [];
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const m of out.matchAll(/cpu ([\d.]+)\n/g)) {
        readings.push(Number(m[1]));
        waiters.shift()?.(Number(m[1]));
      }
      out = out.slice(out.lastIndexOf('\n') + 1);
    });
    r.cpuAt = (signal = 'SIGUSR2') =>
      new Promise((resolve) => {
        waiters.push(resolve);
        child.kill(signal);
      });
    return r;
  });
}

/** Opens a socket; `ws.seen(word)` resolves once a frame containing `word` arrived (listening from the start). */
function open(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    const frames = [];
    const waiters = [];
    const onMessage = (data) => {
      const text = String(data);
      frames.push(text);
      for (const w of waiters.splice(0)) {
        if (text.includes(w.word)) w.resolve();
        else waiters.push(w);
      }
    };
    ws.on('message', onMessage);
    ws.seen = (word) =>
      new Promise((r) => {
        if (frames.some((f) => f.includes(word))) r();
        else waiters.push({ word, resolve: r });
      }).finally(() => ws.off('message', onMessage));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function connectAll(kind, port, producers, subscribers) {
  const base = `ws://127.0.0.1:${port}`;
  const subs = [];
  for (let i = 0; i < subscribers; i += 1) {
    const ws =
      kind === 'bare' ? await open(`${base}/?role=sub`) : await open(base, { authorization: `Bearer ${READER_TOKEN}` });
    if (kind !== 'bare') ws.send(JSON.stringify({ type: 'subscribe', sessionId: 'bench' }));
    await ws.seen('"subscribed"');
    subs.push(ws);
  }
  const pubs = [];
  for (let i = 0; i < producers; i += 1) {
    pubs.push(
      kind === 'bare'
        ? await open(`${base}/?role=pub`)
        : await open(base, { authorization: `Bearer ${PRODUCER_TOKEN}` }),
    );
  }
  return { subs, pubs };
}

/** Frame of message `seq` of producer `p`: the text carries `p:seq:sendTime`. */
function frame(p, seq) {
  const text = `${p}:${seq}:${performance.now().toFixed(3)}:${PAD}`;
  return JSON.stringify({ type: 'publish', sessionId: 'bench', data: { kind: 'log', stream: 'stdout', text } });
}

/** Parses `p:seq:time` out of a received frame (hub message or relayed publish) without JSON.parse. */
function parse(buf) {
  const s = buf.toString('latin1');
  const at = s.indexOf('"text":"');
  if (at < 0) return null;
  const start = at + 8;
  const a = s.indexOf(':', start);
  const b = s.indexOf(':', a + 1);
  const c = s.indexOf(':', b + 1);
  return { p: Number(s.slice(start, a)), seq: Number(s.slice(a + 1, b)), sent: Number(s.slice(b + 1, c)) };
}

function percentile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(kind, producers, subscribers, seconds, rate, windowSize) {
  const { port, cpuAt } = await startServer(kind);
  const { subs, pubs } = await connectAll(kind, port, producers, subscribers);
  // received[p][i]: highest seq of producer p seen by subscriber i (delivery is in order per producer).
  const received = pubs.map(() => new Array(subs.length).fill(0));
  let deliveries = 0;
  let latencies = null;
  let gaps = 0;
  subs.forEach((ws, i) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (m === null) return;
      const row = received[m.p];
      if (m.seq !== row[i] + 1) gaps += 1;
      row[i] = m.seq;
      deliveries += 1;
      if (latencies !== null) latencies.push(performance.now() - m.sent);
    });
  });
  const sent = pubs.map(() => 0);
  const minDelivered = (p) => {
    let min = Number.POSITIVE_INFINITY;
    for (const v of received[p]) if (v < min) min = v;
    return min;
  };
  const sendUpTo = (p, limit) => {
    const ws = pubs[p];
    while (sent[p] < limit) {
      sent[p] += 1;
      ws.send(frame(p, sent[p]));
    }
  };

  // Phase 1: saturation, closed loop with a window per producer.
  const warm = 1000;
  const runFor = async (ms, tick) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      tick();
      await new Promise((r) => setImmediate(r));
    }
  };
  const windowTick = () => {
    for (let p = 0; p < pubs.length; p += 1) sendUpTo(p, minDelivered(p) + windowSize);
  };
  await runFor(warm, windowTick);
  const cpuStart = await cpuAt();
  const measuredStart = deliveries;
  let start = performance.now();
  let startDeliveries = deliveries;
  await runFor(seconds * 1000, windowTick);
  const saturated = ((deliveries - startDeliveries) / (performance.now() - start)) * 1000;
  // Drain.
  const drainEnd = performance.now() + 10_000;
  while (pubs.some((_, p) => minDelivered(p) < sent[p]) && performance.now() < drainEnd) {
    await new Promise((r) => setTimeout(r, 10));
  }

  // Phase 2: fixed rate, open loop.
  const perTick = rate / 100; // a tick every 10 ms
  let credit = 0;
  let next = performance.now();
  const rateTick = async (ms) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const now = performance.now();
      if (now >= next) {
        credit += perTick;
        next += 10;
        while (credit >= 1) {
          const p = Math.floor(credit) % pubs.length;
          sendUpTo(p, sent[p] + 1);
          credit -= 1;
        }
      }
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  };
  await rateTick(1000);
  latencies = [];
  start = performance.now();
  startDeliveries = deliveries;
  await rateTick(seconds * 1000);
  const rated = ((deliveries - startDeliveries) / (performance.now() - start)) * 1000;
  const sample = latencies;
  latencies = null;
  sample.sort((a, b) => a - b);
  const drainEnd2 = performance.now() + 10_000;
  while (pubs.some((_, p) => minDelivered(p) < sent[p]) && performance.now() < drainEnd2) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const complete = pubs.every((_, p) => minDelivered(p) === sent[p]);

  for (const ws of [...subs, ...pubs]) ws.terminate();
  const cpuEnd = await cpuAt('SIGTERM');
  return {
    cpuUsPerDelivery: ((cpuEnd - cpuStart) * 1000) / (deliveries - measuredStart),
    kind,
    saturated,
    rated,
    p50: percentile(sample, 0.5),
    p99: percentile(sample, 0.99),
    max: sample.at(-1) ?? Number.NaN,
    gaps,
    complete,
  };
}

async function main() {
  const producers = Number(opts.producers);
  const subscribers = Number(opts.subscribers);
  const seconds = Number(opts.seconds);
  const rate = Number(opts.rate);
  const windowSize = Number(opts.window);
  console.log(
    `hub-fanout: ${producers} producers, ${subscribers} subscribers, ${seconds} s per phase, fixed rate ${rate} msg/s per subscriber, window ${windowSize}`,
  );
  const bare = await measure('bare', producers, subscribers, seconds, rate, windowSize);
  const hub = await measure('hub', producers, subscribers, seconds, rate, windowSize);
  const extra =
    process.env.BENCH_MONITORING === '1'
      ? [await measure('hub-monitored', producers, subscribers, seconds, rate, windowSize)]
      : [];
  const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  console.log(
    '| server | saturated deliveries/s | vs bare | deliveries/s at fixed rate | p50 ms | p99 ms | max ms | server CPU µs/delivery | gaps | complete |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of [bare, hub, ...extra]) {
    console.log(
      `| ${r.kind} | ${fmt(r.saturated)} | ${(r.saturated / bare.saturated).toFixed(2)}× | ${fmt(r.rated)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.max, 1)} | ${fmt(r.cpuUsPerDelivery, 2)} | ${r.gaps} | ${r.complete} |`,
    );
  }
  for (const m of extra) {
    console.log(
      `hub-monitored / hub: saturated ${(m.saturated / hub.saturated).toFixed(2)}×, CPU per delivery ${(m.cpuUsPerDelivery / hub.cpuUsPerDelivery).toFixed(2)}×, p99 ${fmt(m.p99, 2)} vs ${fmt(hub.p99, 2)} ms`,
    );
  }
  const ratio = hub.saturated / bare.saturated;
  const cpuRatio = bare.cpuUsPerDelivery / hub.cpuUsPerDelivery;
  console.log(
    `server CPU per delivery: hub ${hub.cpuUsPerDelivery.toFixed(2)} µs vs bare ${bare.cpuUsPerDelivery.toFixed(2)} µs ` +
      `→ a server-bound hub delivers ${cpuRatio.toFixed(2)}× the bare server's messages/s`,
  );
  console.log(
    `targets: hub ≥ 0.7× bare at saturation: ${ratio >= 0.7 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×); ` +
      `p99 < 50 ms at ${rate} msg/s to each of ${subscribers} subscribers: ${hub.p99 < 50 ? 'met' : 'MISSED'} (${fmt(hub.p99, 2)} ms)`,
  );
}
