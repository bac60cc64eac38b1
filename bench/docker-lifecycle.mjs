#!/usr/bin/env node
// create → start → exec (echo) → remove, through Berth's DockerDriver vs raw dockerode vs the raw Engine API
// (http.request over /var/run/docker.sock), interleaved in the same run so all three see the same machine load.
// Prints p50/p95 per path and the ratios against raw dockerode and the raw API.
// Usage: node bench/docker-lifecycle.mjs [runs]   (default 60; needs a running engine and berth/busybox:latest;
// run `npm run build` first: it imports packages/driver-docker/dist)
// BENCH_MONITORING=1 adds a fourth path, `berthMonitored`: a second DockerDriver observed by @berth/monitoring
// (every call timed and counted) whose containers a ContainerMonitor samples (stats$ every 250 ms, one rule).
import http from 'node:http';
import {
  DOCKER_SOCKET,
  dockerodeExec,
  lifecycleContainer,
  openEngine,
  removeLabelled,
  stdoutOf,
} from './lib/docker.mjs';
import { importPackage } from './lib/packages.mjs';
import { pct } from './lib/timing.mjs';

const LABEL = { 'com.example.berth-bench': 'docker-lifecycle' }; // berth.* labels are reserved for Berth
const SOCKET = DOCKER_SOCKET;
const RUNS = Number(process.argv[2] ?? 60);
const WARMUP = 5;

// the driver, and raw dockerode with a keep-alive agent (the driver uses Node 20's global agent, which keeps sockets
// alive too) at the API version the driver negotiated
const { driver, docker, version } = await openEngine({ socketPath: SOCKET });
const MONITORING = process.env.BENCH_MONITORING === '1';
let monitored;
let monitor;
if (MONITORING) {
  const { DockerDriver } = await importPackage('driver-docker');
  const { ContainerMonitor, MonitoringMetrics, observeDriver } = await importPackage('monitoring');
  monitored = await DockerDriver.connect({ connection: { socketPath: SOCKET } });
  const metrics = new MonitoringMetrics();
  observeDriver(monitored, metrics, { host: 'bench' });
  const quiet = () => undefined;
  monitor = new ContainerMonitor(monitored, {
    metrics,
    intervalMs: 250,
    logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  monitor.addAlertRule({ id: 'cpu', name: 'CPU', condition: (m) => m.cpu.percentage > 80, severity: 'high' });
}
const API = `/v${version.apiVersion}`;
const rawAgent = new http.Agent({ keepAlive: true });

/** One Engine API call over the unix socket; resolves with { status, body }. */
function api(method, path, body, { raw = false } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        socketPath: SOCKET,
        agent: rawAgent,
        method,
        path: `${API}${path}`,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          if (res.statusCode >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${buf}`));
          else
            resolve({ status: res.statusCode, body: raw ? buf : buf.length ? JSON.parse(buf.toString()) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const { spec, createBody } = lifecycleContainer(LABEL); // berth/busybox:latest (BENCH_IMAGE)

const paths = {
  async berth() {
    const c = await driver.createContainer(spec);
    await driver.startContainer(c.id);
    const r = await driver.exec(c.id, { command: ['echo', 'hi'] });
    if (r.stdout !== 'hi\n') throw new Error(`berth exec: ${JSON.stringify(r)}`);
    await driver.removeContainer(c.id, { force: true });
  },
  ...(MONITORING
    ? {
        async berthMonitored() {
          const c = await monitored.createContainer(spec);
          await monitored.startContainer(c.id);
          monitor.startMonitoring(c);
          const r = await monitored.exec(c.id, { command: ['echo', 'hi'] });
          if (r.stdout !== 'hi\n') throw new Error(`berth exec: ${JSON.stringify(r)}`);
          await monitored.removeContainer(c.id, { force: true });
        },
      }
    : {}),
  async dockerode() {
    const c = await docker.createContainer(createBody);
    await c.start();
    const r = await dockerodeExec(c, ['echo', 'hi']);
    if (r.stdout !== 'hi\n' || r.exitCode !== 0) throw new Error('dockerode exec failed');
    await c.remove({ force: true });
  },
  async rawApi() {
    const { body: created } = await api('POST', '/containers/create', createBody);
    await api('POST', `/containers/${created.Id}/start`);
    const { body: exec } = await api('POST', `/containers/${created.Id}/exec`, {
      Cmd: ['echo', 'hi'],
      AttachStdout: true,
      AttachStderr: true,
    });
    const { body: out } = await api('POST', `/exec/${exec.Id}/start`, { Detach: false, Tty: false }, { raw: true });
    const { body: info } = await api('GET', `/exec/${exec.Id}/json`);
    if (stdoutOf(out) !== 'hi\n' || info.ExitCode !== 0) throw new Error('raw exec failed');
    await api('DELETE', `/containers/${created.Id}?force=true`);
  },
};

const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
const order = Object.keys(paths);
try {
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // rotate the order each round so no path always runs first
    for (let k = 0; k < order.length; k++) {
      const name = order[(i + k) % order.length];
      const t0 = performance.now();
      await paths[name]();
      const dt = performance.now() - t0;
      if (i >= WARMUP) times[name].push(dt);
    }
  }
} finally {
  await removeLabelled(docker, 'com.example.berth-bench', 'docker-lifecycle');
  await driver.dispose();
  await monitor?.dispose();
  await monitored?.dispose();
  rawAgent.destroy();
}

const stats = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { p50: pct(xs, 50), p95: pct(xs, 95) }]));
const fmt = (n) => n.toFixed(1).padStart(8);
console.log(
  `docker-lifecycle: create→start→exec(echo)→remove, ${RUNS} runs each (+${WARMUP} warm-up), engine ${version.engineVersion}, API ${version.apiVersion}`,
);
console.log('path             p50 ms   p95 ms');
for (const [k, s] of Object.entries(stats)) console.log(`${k.padEnd(14)} ${fmt(s.p50)} ${fmt(s.p95)}`);
const ratio = (a, b) => (a / b).toFixed(2);
console.log(
  `berth / dockerode: p50 ${ratio(stats.berth.p50, stats.dockerode.p50)}x, p95 ${ratio(stats.berth.p95, stats.dockerode.p95)}x  (target p50 <= 1.10x)`,
);
console.log(
  `berth / raw API:   p50 ${ratio(stats.berth.p50, stats.rawApi.p50)}x, p95 ${ratio(stats.berth.p95, stats.rawApi.p95)}x`,
);
if (MONITORING) {
  console.log(
    `berth+monitoring / berth: p50 ${ratio(stats.berthMonitored.p50, stats.berth.p50)}x, p95 ${ratio(stats.berthMonitored.p95, stats.berth.p95)}x`,
  );
}
console.log(
  `dockerode / raw API: p50 ${ratio(stats.dockerode.p50, stats.rawApi.p50)}x, p95 ${ratio(stats.dockerode.p95, stats.rawApi.p95)}x`,
);
