/**
 * Source of the supervisor: a tiny CommonJS Node program the driver writes into the state root and starts
 * detached (own session) for every container start. It owns the main process's pipes, so the container
 * keeps running and logging when the driver process dies. It:
 *
 * 1. spawns `launch.argv` in its own process group (stdin `/dev/null`);
 * 2. writes `state.json` (pids + start ticks), then prints `ready` on its stdout and closes it;
 * 3. appends every stdout/stderr line to the log file as `{"t":iso,"s":"o"|"e","l":text}`
 *    (synchronous writes, so the pipe applies back-pressure and memory stays bounded);
 * 4. when the main process exits, SIGKILLs what is left of its process group, cgroup and env marker,
 *    reads the cgroup OOM counter, writes `exit.json` and removes the cgroups.
 *
 * Plain JS (no build step) so it runs from sources and from `dist` alike.
 */
export const SUPERVISOR_SOURCE = String.raw`'use strict';
const fs = require('node:fs');
const cp = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

for (const s of ['SIGHUP', 'SIGINT', 'SIGPIPE']) process.on(s, () => {});

const launch = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const MAX_LINE = 16384;

function atomicWrite(file, value) {
  const tmp = file + '.' + process.pid + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(value) + '\n');
  fs.renameSync(tmp, file);
}
function startTicks(pid) {
  try {
    const t = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(t.slice(t.lastIndexOf(')') + 2).split(' ')[19]);
  } catch { return 0; }
}
function tryKill(pid, sig) { try { process.kill(pid, sig); } catch {} }
function killLeftovers() {
  for (const dir of launch.cgroupDirs) {
    try {
      for (const l of fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
        const pid = Number(l); if (pid > 0 && pid !== process.pid) tryKill(pid, 'SIGKILL');
      }
    } catch {}
  }
  const needle = Buffer.from('\0' + launch.marker + '\0');
  let entries = [];
  try { entries = fs.readdirSync('/proc'); } catch {}
  for (const e of entries) {
    const pid = Number(e);
    if (!(pid > 0) || pid === process.pid) continue;
    try {
      const env = Buffer.concat([Buffer.from([0]), fs.readFileSync('/proc/' + pid + '/environ'), Buffer.from([0])]);
      if (env.includes(needle)) tryKill(pid, 'SIGKILL');
    } catch {}
  }
}
function oomCount() {
  let n = 0;
  for (const f of launch.oomFiles) {
    try {
      const m = /(?:^|\n)oom_kill (\d+)/.exec(fs.readFileSync(f, 'utf8'));
      if (m) n += Number(m[1]);
    } catch {}
  }
  return n;
}

const logFd = fs.openSync(launch.logFile, 'a');
function writeRecords(stream, lines) {
  if (lines.length === 0) return;
  const t = JSON.stringify(new Date().toISOString());
  let out = '';
  for (const l of lines) out += '{"t":' + t + ',"s":"' + stream + '","l":' + JSON.stringify(l) + '}\n';
  try { fs.writeSync(logFd, out); } catch {}
}
function lineSplitter(stream) {
  let pending = '';
  const decoder = new (require('node:string_decoder').StringDecoder)('utf8');
  return {
    push(chunk) {
      const text = pending + decoder.write(chunk);
      const parts = text.split('\n');
      pending = parts.pop();
      while (pending.length > MAX_LINE) { parts.push(pending.slice(0, MAX_LINE)); pending = pending.slice(MAX_LINE); }
      writeRecords(stream, parts);
    },
    flush() {
      const rest = pending + decoder.end();
      pending = '';
      if (rest.length > 0) writeRecords(stream, [rest]);
    },
  };
}

let child;
try {
  child = cp.spawn(launch.argv[0], launch.argv.slice(1), {
    cwd: launch.cwd, env: launch.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (err) {
  child = null;
  finishEarly(String(err && err.message));
}
function finishEarly(message) {
  atomicWrite(launch.exitFile, { runId: launch.runId, exitCode: 127, signal: null, oomKilled: false,
    finishedAt: new Date().toISOString(), error: message });
  writeRecords('e', [message]);
  try { fs.writeSync(1, 'failed ' + message.replace(/\n/g, ' ') + '\n'); } catch {}
  process.exit(0);
}
if (child) {
  let started = false;
  child.on('error', (err) => { if (!started) finishEarly(String(err && err.message)); });
  child.on('spawn', () => {
    started = true;
    atomicWrite(launch.stateFile, {
      runId: launch.runId, supervisorPid: process.pid, supervisorStartTicks: startTicks(process.pid),
      pid: child.pid, startTicks: startTicks(child.pid), startedAt: new Date().toISOString(),
    });
    try { fs.writeSync(1, 'ready ' + child.pid + '\n'); } catch {}
    try { fs.closeSync(1); } catch {}
  });
  const out = lineSplitter('o');
  const err = lineSplitter('e');
  let openPipes = 2;
  let exitInfo = null;
  let finished = false;
  const maybeFinish = () => {
    if (finished || exitInfo === null || openPipes > 0) return;
    finished = true;
    out.flush(); err.flush();
    const oom = oomCount() > 0;
    atomicWrite(launch.exitFile, { runId: launch.runId, exitCode: exitInfo.exitCode, signal: exitInfo.signal,
      oomKilled: oom, finishedAt: exitInfo.finishedAt });
    try { fs.closeSync(logFd); } catch {}
    let tries = 0;
    const cleanup = () => {
      let left = 0;
      for (const dir of launch.cgroupDirs) { try { fs.rmdirSync(dir); } catch (e) { if (e.code !== 'ENOENT') left++; } }
      if (left > 0 && ++tries < 40) setTimeout(cleanup, 50); else process.exit(0);
    };
    cleanup();
  };
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  for (const s of [child.stdout, child.stderr]) s.on('close', () => { openPipes--; maybeFinish(); });
  child.on('exit', (code, signal) => {
    const finishedAt = new Date().toISOString();
    const exitCode = signal ? 128 + (os.constants.signals[signal] || 127) : code;
    exitInfo = { exitCode, signal: signal || null, finishedAt };
    tryKill(-child.pid, 'SIGKILL');
    killLeftovers();
    // Whatever still holds a pipe open after the kill sweep is not ours: stop waiting after a grace period.
    setTimeout(() => { openPipes = 0; maybeFinish(); }, 2000).unref();
    maybeFinish();
  });
}
`;
