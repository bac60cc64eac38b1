#!/usr/bin/env node
// dashboard-logs: N log lines (`seq 1 N` in one container, default 100,000) from a driver to a reader, end to end.
// Needs `npm run build` (the hub's dist and its dashboard). The server side — the driver, the Berth hub and a bare
// relay — runs in a child process (so the server has a core and the clients the other); the clients in this
// process and, for the browser paths, in Debian's Chromium (/usr/bin/chromium, launched like the dashboard e2e tests).
// Each path: create the container, let the reader subscribe, start it, time start → the reader has N lines.
//   raw            the driver alone: logs$({ follow: true }) in the server process, lines counted (the baseline)
//   bare-ws        a bare `ws` server in the server process sends each driver line as one JSON frame
//                  `{type:'log',containerID,timestamp,data:{seq,stream,text}}` (corked per turn, no parsing, validation,
//                  auth, ring or back-pressure) to a plain Node ws client that JSON.parses each frame
//   bare-ws-batch  the same, lines of one event-loop turn coalesced into one `logs` frame (≤ 1000 lines)
//   hub-ws         the Berth hub → a plain Node ws client (`?token=`, subscribe, JSON.parse per frame)
//   hub-ws-batch   the same with `subscribe { batch: true }` (`logs` frames; needs a hub that has them)
//   bare-browser   the bare server → a page in Chromium (about:blank) counting frames with JSON.parse
//   bare-browser-batch  the same with the bare server's `logs` frames
//   dashboard      the Berth hub → the real dashboard in Chromium: log in, click the container, wait until the log
//                  count says "N lines" (the dashboard e2e test's 100k step); CDP Performance metrics of the page
// Usage: node bench/dashboard-logs.mjs [--lines 100000] [--drivers mock,local] [--runs 1]
//          [--paths raw,bare-ws,bare-ws-batch,hub-ws,hub-ws-batch,bare-browser,bare-browser-batch,dashboard] [--prof <dir>]
// --prof writes the server's CPU profile (node --cpu-prof: the whole child, so profile one path at a time with
// --paths) and the page's (CDP Profiler, per browser path) to <dir>; summarise with bench/scale/prof-summary.mjs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';
import { importPackage, packagesRoot } from './lib/packages.mjs';

const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' },
    lines: { type: 'string', default: '100000' },
    drivers: { type: 'string', default: 'mock,local' },
    runs: { type: 'string', default: '1' },
    paths: { type: 'string', default: 'raw,bare-ws,bare-ws-batch,hub-ws,bare-browser,dashboard' },
    prof: { type: 'string' },
    timeout: { type: 'string', default: '300000' },
  },
});
const READER = 'bench-reader-token-0123456789';
const N = Number(opts.lines);
const TIMEOUT_MS = Number(opts.timeout);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const BATCH_LINES = 1000;

if (opts.serve !== undefined) await serve(opts.serve);
else await main();

// ── server side (child process) ─────────────────────────────────────────────
/** Runs the driver, the hub and the bare relay; answers JSON commands on stdin, one a line. */
async function serve(kind) {
  const { pino } = await import('pino');
  const { HubServer } = await importPackage('hub');
  let driver;
  let home;
  if (kind === 'mock') {
    const { MockDriver } = await importPackage('driver-mock');
    driver = new MockDriver();
  } else {
    const { LocalDriver } = await importPackage('driver-local');
    home = await mkdtemp(join(tmpdir(), 'berth-bench-dashboard-logs-'));
    driver = new LocalDriver({ home });
  }
  const image = kind === 'mock' ? 'busybox:latest' : 'host';
  const hub = new HubServer({
    drivers: { [kind]: driver },
    // like the dashboard e2e test: a client that falls behind by 100k frames is not cut off or dropped
    config: { port: 0, authToken: READER, clientBufferLimitBytes: 256 * 1024 * 1024 },
    logger: pino({ level: 'warn' }),
    defaultMetrics: false,
  });
  const { port: hubPort } = await hub.start();
  const bare = await startBareServer(driver);
  process.stdout.write(`ready ${hubPort} ${bare.port}\n`);
  const created = [];
  const reply = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
  const commands = {
    async create() {
      const c = await driver.createContainer({ image, command: ['seq', '1', String(N)], labels: { bench: 'logs' } });
      created.push(c.id);
      return { id: c.id, name: c.name };
    },
    async start({ id }) {
      await driver.startContainer(id);
      bare.started(id);
      return {};
    },
    async raw() {
      const c = await driver.createContainer({ image, command: ['seq', '1', String(N)], labels: { bench: 'logs' } });
      created.push(c.id);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await driver.startContainer(c.id);
      const { count, last } = await new Promise((resolve, reject) => {
        let count = 0;
        let last = '';
        let sub;
        let done = false;
        sub = driver.logs$(c.id, { follow: true }).subscribe({
          next: (line) => {
            count += 1;
            last = line.text;
            if (count === N) {
              done = true;
              sub?.unsubscribe();
              resolve({ count, last });
            }
          },
          error: reject,
          complete: () => resolve({ count, last }),
        });
        // a driver that emitted every line during subscribe() (the mock) could not unsubscribe then
        if (done) sub.unsubscribe();
      });
      return { ms: performance.now() - t0, serverCpuMs: cpuMs(cpu0), count, last };
    },
    cpu() {
      return { cpu: process.cpuUsage() };
    },
    async remove() {
      for (const id of created.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
      return {};
    },
    async exit() {
      await commands.remove();
      await hub.close();
      bare.wss.close();
      bare.http.close();
      await driver.dispose?.();
      if (home !== undefined) await rm(home, { recursive: true, force: true });
      reply({ ok: true });
      process.exit(0);
    },
  };
  for await (const line of createInterface({ input: process.stdin })) {
    const { cmd, ...args } = JSON.parse(line);
    try {
      reply({ ok: true, ...(await commands[cmd](args)) });
    } catch (err) {
      reply({ ok: false, error: String(err?.stack ?? err) });
    }
  }
}

/** CPU ms (user + system) since `from`. */
function cpuMs(from) {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * The bare baseline: a `ws` server that, once a container starts, sends each of its driver lines to the sockets
 * that asked for it (`/?id=<container>`; `&batch=1`: one `logs` frame per event-loop turn), corked per turn.
 */
async function startBareServer(driver) {
  // an HTTP page of its own, so the browser baseline connects from the server's origin (as the dashboard does)
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bare</title>');
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const waiting = new Map();
  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const id = url.searchParams.get('id') ?? '';
    const list = waiting.get(id) ?? [];
    list.push({ ws, batch: url.searchParams.get('batch') === '1' });
    waiting.set(id, list);
    ws.send('{"type":"subscribed"}');
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const started = (id) => {
    const clients = waiting.get(id) ?? [];
    waiting.delete(id);
    if (clients.length === 0) return;
    let seq = 0;
    let pending = [];
    let corked = false;
    const cork = () => {
      if (corked) return;
      corked = true;
      for (const c of clients) c.ws._socket.cork();
      process.nextTick(() => {
        corked = false;
        for (const c of clients) c.ws._socket.uncork();
      });
    };
    const flush = () => {
      if (pending.length === 0) return;
      const frame = JSON.stringify({ type: 'logs', containerID: id, data: { lines: pending } });
      pending = [];
      cork();
      for (const c of clients) if (c.batch) c.ws.send(frame, { binary: false });
    };
    let scheduled = false;
    driver.logs$(id, { follow: true }).subscribe({
      next: (line) => {
        seq += 1;
        const timestamp = line.timestamp.toISOString();
        const perLine = clients.some((c) => !c.batch);
        if (perLine) {
          const frame = JSON.stringify({
            type: 'log',
            containerID: id,
            timestamp,
            data: { seq, stream: line.stream, text: line.text },
          });
          cork();
          for (const c of clients) if (!c.batch) c.ws.send(frame, { binary: false });
        }
        if (clients.some((c) => c.batch)) {
          pending.push({ seq, stream: line.stream, text: line.text, timestamp });
          if (pending.length >= BATCH_LINES) flush();
          else if (!scheduled) {
            scheduled = true;
            setImmediate(() => {
              scheduled = false;
              flush();
            });
          }
        }
      },
      complete: () => {
        flush();
        for (const c of clients) c.ws.send('{"type":"complete"}');
      },
    });
  };
  return { wss, http, port: http.address().port, started };
}

// ── client side ──────────────────────────────────────────────────────────────
/** Starts the server child for one driver; `call(cmd, args)` sends a command and resolves with its answer. */
async function startServer(kind) {
  const prof = opts.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts.prof}`];
  const child = spawn(process.execPath, [...prof, fileURLToPath(import.meta.url), '--serve', kind, '--lines', `${N}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = [];
  const rl = createInterface({ input: child.stdout });
  let ready;
  const first = new Promise((r) => {
    ready = r;
  });
  rl.on('line', (line) => {
    const m = /^ready (\d+) (\d+)$/.exec(line);
    if (m !== null) return ready({ hubPort: Number(m[1]), barePort: Number(m[2]) });
    if (!line.startsWith('{')) return;
    answers.shift()?.(JSON.parse(line));
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = `server exited with ${code ?? signal}`;
    for (const a of answers.splice(0)) a({ ok: false, error: exited });
  });
  const call = (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      if (exited !== null) return reject(new Error(`${cmd}: ${exited}`));
      answers.push((a) => (a.ok ? resolve(a) : reject(new Error(`${cmd}: ${a.error}`))));
      child.stdin.write(`${JSON.stringify({ cmd, ...args })}\n`);
    });
  const { hubPort, barePort } = await Promise.race([
    first,
    new Promise((_, reject) => child.once('exit', (c) => reject(new Error(`${kind} server exited with ${c}`)))),
  ]);
  return { child, call, hubPort, barePort };
}

/** Counts lines from `log` (1) and `logs` (its lines) frames; resolves at N lines or `complete`. */
function countLines(ws) {
  let count = 0;
  let last = '';
  let frames = 0;
  return new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      frames += 1;
      if (m.type === 'log') {
        count += 1;
        last = m.data.text;
      } else if (m.type === 'logs') {
        count += m.data.lines.length;
        last = m.data.lines.at(-1)?.text ?? last;
      } else if (m.type === 'error') reject(new Error(JSON.stringify(m.data)));
      else if (m.type !== 'complete') return;
      if (count >= N || m.type === 'complete') resolve({ count, last, frames });
    });
  });
}

function openWs(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function firstFrame(ws, type) {
  return new Promise((resolve) => {
    const on = (data) => {
      if (String(data).includes(`"type":"${type}"`)) {
        ws.off('message', on);
        resolve();
      }
    };
    ws.on('message', on);
  });
}

/** Server CPU ms between two `cpu` answers. */
function cpuDelta(a, b) {
  return (b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000;
}

async function wsPath(server, kind, path) {
  const { id } = await server.call('create');
  const bare = path.startsWith('bare');
  const batch = path.endsWith('-batch');
  const ws = bare
    ? await openWs(`ws://127.0.0.1:${server.barePort}/?id=${id}${batch ? '&batch=1' : ''}`)
    : await openWs(`ws://127.0.0.1:${server.hubPort}/?token=${READER}`);
  const subscribed = firstFrame(ws, 'subscribed');
  if (!bare) {
    const sub = { type: 'subscribe', containerID: id, hostId: kind, since: 0, stats: false };
    ws.send(JSON.stringify(batch ? { ...sub, batch: true } : sub));
  }
  await subscribed;
  const counted = countLines(ws);
  const cpu0 = await server.call('cpu');
  const t0 = performance.now();
  await server.call('start', { id });
  const r = await withTimeout(counted, path);
  const ms = performance.now() - t0;
  const cpu1 = await server.call('cpu');
  ws.close();
  return { ms, serverCpuMs: cpuDelta(cpu0, cpu1), count: r.count, last: r.last, frames: r.frames };
}

async function browserPath(server, kind, path, browser) {
  const { id, name } = await server.call('create');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  try {
    let done;
    if (path.startsWith('bare-browser')) {
      await page.goto(`http://127.0.0.1:${server.barePort}/`);
      await page.evaluate(
        ({ url, n }) =>
          new Promise((resolve) => {
            const ws = new WebSocket(url);
            let count = 0;
            globalThis.benchDone = new Promise((finish) => {
              ws.onmessage = (e) => {
                const m = JSON.parse(e.data);
                if (m.type === 'subscribed') resolve();
                else if (m.type === 'log') count += 1;
                else if (m.type === 'logs') count += m.data.lines.length;
                if (count >= n || m.type === 'complete') finish(count);
              };
            });
          }),
        { url: `ws://127.0.0.1:${server.barePort}/?id=${id}${path.endsWith('-batch') ? '&batch=1' : ''}`, n: N },
      );
      done = () => page.evaluate(() => globalThis.benchDone);
    } else {
      await page.goto(`http://127.0.0.1:${server.hubPort}/`);
      await page.getByTestId('token-input').fill(READER);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('role').getByText('read-only').waitFor();
      await page.locator(`[data-container-id="${id}"]`).getByRole('button', { name, exact: true }).click();
      done = async () => {
        await page.getByTestId('log-count').getByText(`${N} lines`, { exact: true }).waitFor({ timeout: TIMEOUT_MS });
        return N;
      };
    }
    if (opts.prof !== undefined) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const m0 = await metrics(cdp);
    const cpu0 = await server.call('cpu');
    const t0 = performance.now();
    await server.call('start', { id });
    const count = await withTimeout(done(), path);
    const ms = performance.now() - t0;
    const cpu1 = await server.call('cpu');
    const m1 = await metrics(cdp);
    if (opts.prof !== undefined) {
      const { profile } = await cdp.send('Profiler.stop');
      const file = join(opts.prof, `page-${kind}-${path}-${Date.now()}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(`# page profile: ${file}`);
    }
    const d = (k) => ((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000;
    if (problems.length > 0) console.log(`# page errors: ${problems.join('; ')}`);
    return {
      ms,
      serverCpuMs: cpuDelta(cpu0, cpu1),
      count,
      page: {
        taskMs: d('TaskDuration'),
        scriptMs: d('ScriptDuration'),
        layoutMs: d('LayoutDuration'),
        styleMs: d('RecalcStyleDuration'),
        heapMiB: (m1.JSHeapUsedSize ?? 0) / 2 ** 20,
      },
    };
  } finally {
    await context.close();
  }
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no ${N} lines within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const paths = opts.paths.split(',');
  const isBrowser = (p) => p.startsWith('bare-browser') || p === 'dashboard';
  const browserPaths = paths.filter(isBrowser);
  if (opts.prof !== undefined) await mkdir(opts.prof, { recursive: true });
  let browser;
  if (browserPaths.length > 0) {
    if (!existsSync(CHROMIUM)) {
      console.log(`# ${CHROMIUM} is missing (bash scripts/install-chromium.sh): browser paths skipped`);
    } else {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    }
  }
  const load0 = loadavg();
  console.log(
    `# dashboard-logs — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, packages from ${packagesRoot()}, ` +
      `N = ${N}, load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const rows = [];
  try {
    for (const kind of opts.drivers.split(',')) {
      const server = await startServer(kind);
      try {
        for (let run = 1; run <= Number(opts.runs); run += 1) {
          for (const path of paths) {
            let r;
            if (path === 'raw') r = await server.call('raw');
            else if (isBrowser(path)) {
              if (browser === undefined) continue;
              r = await browserPath(server, kind, path, browser);
            } else r = await wsPath(server, kind, path);
            await server.call('remove');
            rows.push({ kind, run, path, ...r });
            const complete = r.count === N ? '' : ` INCOMPLETE (${r.count} lines)`;
            console.log(`# ${kind} run ${run} ${path}: ${r.ms.toFixed(0)} ms${complete} ${JSON.stringify(r)}`);
          }
        }
      } finally {
        await server.call('exit').catch(() => undefined);
      }
    }
  } finally {
    await browser?.close();
  }
  printTable(rows);
  console.log(
    `# load before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

function printTable(rows) {
  console.log(
    '\n| driver | run | path | ms | lines/s | vs raw driver | vs bare-ws | vs bare-browser | vs bare-browser-batch | server CPU ms | frames | page task / script / layout+style ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const same = (p) => rows.find((x) => x.kind === r.kind && x.run === r.run && x.path === p);
    const ratio = (p) => {
      const base = same(p);
      return base === undefined ? '' : `${(r.ms / base.ms).toFixed(2)}×`;
    };
    const page =
      r.page === undefined
        ? ''
        : `${r.page.taskMs.toFixed(0)} / ${r.page.scriptMs.toFixed(0)} / ${(r.page.layoutMs + r.page.styleMs).toFixed(0)}`;
    console.log(
      `| ${r.kind} | ${r.run} | ${r.path} | ${r.ms.toFixed(0)} | ${Math.round((r.count / r.ms) * 1000)} | ${ratio('raw')} | ` +
        `${ratio('bare-ws')} | ${r.path === 'dashboard' ? ratio('bare-browser') : ''} | ` +
        `${r.path === 'dashboard' ? ratio('bare-browser-batch') : ''} | ${r.serverCpuMs?.toFixed(0) ?? ''} | ` +
        `${r.frames ?? ''} | ${page} |`,
    );
  }
}
