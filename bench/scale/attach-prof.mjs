#!/usr/bin/env node
// Takes a CPU profile of a RUNNING node process for S seconds, without restarting it: opens its inspector with
// SIGUSR1 (loopback, port 9229, or the --inspect-port the process was started with: --port) and drives the DevTools protocol's Profiler over `ws`. For a curve that
// slows down only after many minutes (sessions-local at ~700 live) — where --prof would profile the whole run.
// Usage: node bench/scale/attach-prof.mjs <pid> [--seconds 8] [--port 9229] [--out /tmp/attached.cpuprofile]
// then: node bench/scale/prof-summary.mjs /tmp/attached.cpuprofile [--callers <function>]
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { option } from './record.mjs';

const argv = process.argv.slice(2);
const pid = Number(argv[0]);
if (!Number.isInteger(pid) || pid <= 0) {
  console.log('Usage: node bench/scale/attach-prof.mjs <pid> [--seconds 8] [--port 9229] [--out FILE]');
  process.exit(argv[0] === '--help' ? 0 : 2);
}
const seconds = Number(option(argv, 'seconds', '8'));
const port = Number(option(argv, 'port', '9229'));
const out = option(argv, 'out', '/tmp/attached.cpuprofile');

process.kill(pid, 'SIGUSR1');
let target;
for (let i = 0; i < 50 && target === undefined; i += 1) {
  await new Promise((r) => setTimeout(r, 100));
  target = await fetch(`http://127.0.0.1:${port}/json/list`)
    .then((r) => r.json())
    .then((list) => list[0]?.webSocketDebuggerUrl)
    .catch(() => undefined);
}
if (target === undefined) throw new Error(`no inspector on 127.0.0.1:${port} after SIGUSR1 to ${pid}`);

const ws = new WebSocket(target);
const pending = new Map();
let next = 0;
const send = (method, params = {}) =>
  new Promise((resolve) => {
    next += 1;
    pending.set(next, resolve);
    ws.send(JSON.stringify({ id: next, method, params }));
  });
ws.on('message', (m) => {
  const msg = JSON.parse(m.toString());
  pending.get(msg.id)?.(msg);
  pending.delete(msg.id);
});
await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
await send('Profiler.enable');
await send('Profiler.setSamplingInterval', { interval: 500 });
await send('Profiler.start');
console.log(`profiling pid ${pid} for ${seconds} s …`);
await new Promise((r) => setTimeout(r, seconds * 1000));
const { result } = await send('Profiler.stop');
writeFileSync(out, JSON.stringify(result.profile));
ws.close();
console.log(`wrote ${out}: node bench/scale/prof-summary.mjs ${out}`);
