import { MAX_LINE_LENGTH } from '@berth/core';

/**
 * Source of the supervisor: a tiny CommonJS Node program the driver writes into the state root and starts
 * detached (own session) for every container start. It owns the main process's pipes, so the container
 * keeps running and logging when the driver process dies. It:
 *
 * 1. spawns `launch.argv` in its own process group (stdin `/dev/null`); a sandboxed run gets bwrap's options
 *    (`launch.sandboxArgs`) NUL-separated on fd 5 (`bwrap --args 5`), so they are in no process's argv;
 * 2. writes `state.json` (pids + start ticks), then prints `ready` on its stdout and closes it — for a sandboxed
 *    run (`launch.sandbox`) once bwrap reported the pid of the sandbox's init on fd 3 (`--info-fd`): that pid,
 *    the process group of everything in the sandbox, is the run's `pid` (a bwrap that reports nothing, e.g.
 *    one that failed, leaves its own pid there, and its exit and stderr are the run's);
 * 3. appends every stdout/stderr line to the log file as `{"t":iso,"s":"o"|"e","l":text}`
 *    (synchronous writes, so the pipe applies back-pressure and memory stays bounded);
 * 4. when the main process exits, SIGKILLs what is left of its process group, its sandbox, cgroup and env marker,
 *    reads the cgroup OOM counter, writes `exit.json` and removes the cgroups (for up to ~5 s while busy, killing
 *    what is left again every 0.5 s) — also when it could not start the command, when the run directory is gone
 *    and when the supervisor itself fails (an uncaught error kills the run and removes its cgroups first);
 * 5. when `launch.execSocket` is set, serves execs on that unix socket (relative to the run directory, its
 *    cwd; mode 0600): per connection it moves its own main thread into the container's cgroups
 *    (`launch.execJoin`), forks the command (so the child starts inside them, before its first instruction),
 *    moves back (`launch.execLeave`) and relays stdin/stdout/stderr/exit as frames (see `exec/exec-frames.ts`).
 *    A connection that closes before its exec ended SIGKILLs the exec's process group.
 *
 * Plain JS (no build step) so it runs from sources and from `dist` alike.
 */
export const SUPERVISOR_SOURCE = String.raw`'use strict';
const fs = require('node:fs');
const cp = require('node:child_process');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');

for (const s of ['SIGHUP', 'SIGINT', 'SIGPIPE']) process.on(s, () => {});

const launch = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const MAX_LINE = ${MAX_LINE_LENGTH};

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

// Removes the run's cgroup directories, retrying while busy (killing what is left every 0.5 s), then calls then().
function removeCgroups(then) {
  let tries = 0;
  const step = () => {
    let left = 0;
    for (const dir of launch.cgroupDirs) { try { fs.rmdirSync(dir); } catch (e) { if (e.code !== 'ENOENT') left++; } }
    if (left > 0 && ++tries < 100) {
      if (tries % 10 === 0) killLeftovers();
      setTimeout(step, 50);
    } else then();
  };
  step();
}
let exiting = false;
function exitAfterCleanup(code) {
  if (exiting) return;
  exiting = true;
  removeCgroups(() => process.exit(code));
}
// A failing supervisor must not leave the run without an owner: kill it, remove its cgroups, exit.
let child = null;
let runPid = 0;
process.on('uncaughtException', (e) => {
  try { writeRecords('e', ['berth supervisor: ' + String((e && e.stack) || e)]); } catch {}
  if (child !== null && child.pid) tryKill(-child.pid, 'SIGKILL');
  if (runPid !== 0) { tryKill(-runPid, 'SIGKILL'); tryKill(runPid, 'SIGKILL'); }
  killLeftovers();
  exitAfterCleanup(70);
});

let logFd = -1;
try { logFd = fs.openSync(launch.logFile, 'a'); } catch {}
function writeRecords(stream, lines) {
  if (lines.length === 0) return;
  const t = JSON.stringify(new Date().toISOString());
  let out = '';
  for (const l of lines) out += '{"t":' + t + ',"s":"' + stream + '","l":' + JSON.stringify(l) + '}\n';
  try { fs.writeSync(logFd, out); } catch {}
}
// The same rule as core's LineSplitter (this program cannot import it; keep the two in step, the
// supervisor-lines spec checks them against each other): a line ends at \n; the \r of a CRLF is dropped,
// a bare \r kept; a line over MAX_LINE is written in pieces of MAX_LINE (never cutting a surrogate pair; a
// trailing \r that may still become a CRLF does not count); the last line without \n is flushed at exit.
function lineSplitter(stream) {
  let pending = '';
  const decoder = new (require('node:string_decoder').StringDecoder)('utf8');
  const pieces = (text, out, ending) => {
    let rest = ending === 'newline' && text.endsWith('\r') ? text.slice(0, -1) : text;
    const waitingCr = () => (ending === 'open' && rest.endsWith('\r') ? 1 : 0);
    while (rest.length - waitingCr() > MAX_LINE) {
      const code = rest.charCodeAt(MAX_LINE - 1);
      const cut = code >= 0xd800 && code <= 0xdbff ? MAX_LINE - 1 : MAX_LINE;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (ending === 'open') return rest;
    out.push(rest);
    return '';
  };
  return {
    push(chunk) {
      const text = pending + decoder.write(chunk);
      const out = [];
      let start = 0;
      let nl = text.indexOf('\n');
      while (nl !== -1) { pieces(text.slice(start, nl), out, 'newline'); start = nl + 1; nl = text.indexOf('\n', start); }
      pending = pieces(text.slice(start), out, 'open');
      writeRecords(stream, out);
    },
    flush() {
      const rest = pending + decoder.end();
      pending = '';
      const out = [];
      if (rest.length > 0) pieces(rest, out, 'flush');
      writeRecords(stream, out);
    },
  };
}

function sendFrame(sock, type, body) {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : JSON.stringify(body));
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(data.length, 1);
  return sock.write(Buffer.concat([head, data]));
}
function frameReader(onFrame) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 5) {
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      const type = String.fromCharCode(buf[0]);
      const body = buf.subarray(5, 5 + len);
      buf = buf.subarray(5 + len);
      onFrame(type, body);
    }
  };
}
// Forks inside the container's cgroups: the main thread joins them, forks, and leaves again. Node forks
// synchronously in cp.spawn, so no other spawn can interleave; if joining fails nothing is spawned.
function spawnInCgroups(argv, opts) {
  try {
    for (const f of launch.execJoin) fs.writeFileSync(f, String(process.pid));
    return cp.spawn(argv[0], argv.slice(1), opts);
  } finally {
    for (const f of launch.execLeave) { try { fs.writeFileSync(f, String(process.pid)); } catch {} }
  }
}
let mainExited = false;
function serveExec(sock) {
  let child = null;
  let done = false;
  const kill = () => { if (child !== null && child.pid && !done) tryKill(-child.pid, 'SIGKILL'); };
  const refuse = (message) => { done = true; sendFrame(sock, 'N', { error: message }); sock.end(); };
  sock.on('error', () => {});
  sock.on('close', kill);
  sock.on('data', frameReader((type, body) => {
    if (type === 'S') {
      if (child !== null || done) return;
      if (mainExited) return refuse('the container is not running');
      let req;
      try { req = JSON.parse(body.toString('utf8')); } catch { return refuse('bad exec request'); }
      try {
        child = spawnInCgroups(req.argv, { cwd: req.cwd, env: req.env, detached: true, stdio: 'pipe' });
      } catch (err) {
        return refuse('could not start the exec in the container: ' + String(err && err.message));
      }
      let spawned = false;
      child.on('spawn', () => { spawned = true; sendFrame(sock, 'P', { pid: child.pid }); });
      child.on('error', (err) => {
        if (spawned || done) return;
        done = true;
        sendFrame(sock, 'F', { error: String(err && err.message) });
        sock.end();
      });
      child.stdin.on('error', () => {});
      for (const [s, t] of [[child.stdout, 'O'], [child.stderr, 'R']]) {
        s.on('data', (c) => { if (!sendFrame(sock, t, c)) { s.pause(); sock.once('drain', () => s.resume()); } });
      }
      // Background processes may hold the pipes open: once the exec exited, stop reading when 100 ms passed
      // without output, after one more poll for what is already in the pipes (a busy host may run this timer
      // before the poll phase that reads the exec's last output).
      let outputSeen = false;
      for (const s of [child.stdout, child.stderr]) s.on('data', () => { outputSeen = true; });
      child.on('exit', () => {
        const drain = () => {
          if (outputSeen) { outputSeen = false; setTimeout(drain, 100).unref(); return; }
          setImmediate(() => { child.stdout.destroy(); child.stderr.destroy(); });
        };
        outputSeen = false;
        setTimeout(drain, 100).unref();
      });
      child.on('close', (code, signal) => {
        if (done) return;
        done = true;
        sendFrame(sock, 'X', { exitCode: code, signal: signal || null });
        sock.end();
      });
    } else if (type === 'I') {
      if (child !== null && child.stdin.writable) child.stdin.write(body);
    } else if (type === 'E') {
      if (child !== null) child.stdin.end();
    } else if (type === 'K') kill();
  }));
}
let execServer = null;
if (launch.execSocket) {
  try {
    process.chdir(path.dirname(launch.stateFile));
    try { fs.unlinkSync(launch.execSocket); } catch {}
    const umask = process.umask(0o077);
    try {
      execServer = net.createServer(serveExec);
      execServer.on('error', () => { execServer = null; });
      execServer.listen(launch.execSocket);
    } finally { process.umask(umask); }
  } catch { execServer = null; }
}

try {
  const sandboxFds = launch.sandboxArgs ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe'];
  child = cp.spawn(launch.argv[0], launch.argv.slice(1), {
    cwd: launch.cwd, env: launch.env, detached: true,
    stdio: launch.sandbox ? ['ignore', 'pipe', 'pipe', ...sandboxFds] : ['ignore', 'pipe', 'pipe'],
  });
  if (launch.sandboxArgs && child.stdio[5]) {
    child.stdio[5].on('error', () => {});
    child.stdio[5].end(launch.sandboxArgs.map((a) => a + '\0').join(''));
  }
} catch (err) {
  child = null;
  finishEarly(String(err && err.message));
}
function finishEarly(message) {
  try {
    atomicWrite(launch.exitFile, { runId: launch.runId, exitCode: 127, signal: null, oomKilled: false,
      finishedAt: new Date().toISOString(), error: message });
  } catch {}
  writeRecords('e', [message]);
  try { fs.writeSync(1, 'failed ' + message.replace(/\n/g, ' ') + '\n'); } catch {}
  exitAfterCleanup(0);
}
if (child) {
  let started = false;
  child.on('error', (err) => { if (!started) finishEarly(String(err && err.message)); });
  const ready = (pid) => {
    if (runPid !== 0) return;
    runPid = pid;
    atomicWrite(launch.stateFile, {
      runId: launch.runId, supervisorPid: process.pid, supervisorStartTicks: startTicks(process.pid),
      pid, startTicks: startTicks(pid), startedAt: new Date().toISOString(),
      execSocket: execServer !== null && execServer.listening ? launch.execSocket : null,
    });
    try { fs.writeSync(1, 'ready ' + pid + '\n'); } catch {}
    try { fs.closeSync(1); } catch {}
  };
  child.on('spawn', () => {
    started = true;
    if (!launch.sandbox) return ready(child.pid);
    // bwrap writes {"child-pid": N, ...} on fd 3 once the namespaces exist (N: the sandbox's init, its process
    // group); the main process's wrapper writes R on fd 4 once the sandbox is set up (mounts, root): only
    // then is the run ready (an exec joining earlier could find the init still on the host's root). Either pipe
    // closing without its report (bwrap or the wrapper failed) makes bwrap's own pid the run's.
    const [info, setUp] = [child.stdio[3], child.stdio[4]];
    let text = '';
    let initPid = 0;
    let infoDone = false;
    let setUpDone = false;
    const check = () => { if (infoDone && setUpDone) ready(initPid || child.pid); };
    const infoEnd = () => {
      if (infoDone) return;
      const m = /"child-pid"\s*:\s*(\d+)/.exec(text);
      initPid = m ? Number(m[1]) : 0;
      infoDone = true;
      info.destroy();
      check();
    };
    const setUpEnd = (ok) => {
      if (setUpDone) return;
      setUpDone = true;
      if (!ok) initPid = 0;
      setUp.destroy();
      if (!infoDone) infoEnd(); else check();
    };
    info.on('data', (c) => { text += c.toString('utf8'); if (text.includes('}')) infoEnd(); });
    info.on('end', infoEnd);
    info.on('error', infoEnd);
    setUp.on('data', () => setUpEnd(true));
    setUp.on('end', () => setUpEnd(false));
    setUp.on('error', () => setUpEnd(false));
  });
  const out = lineSplitter('o');
  const err = lineSplitter('e');
  let openPipes = 2;
  let exitInfo = null;
  let finished = false;
  const maybeFinish = () => {
    if (finished || exitInfo === null || openPipes > 0) return;
    finished = true;
    if (execServer !== null) { try { execServer.close(); fs.unlinkSync(launch.execSocket); } catch {} }
    out.flush(); err.flush();
    const oom = oomCount() > 0;
    try {
      atomicWrite(launch.exitFile, { runId: launch.runId, exitCode: exitInfo.exitCode, signal: exitInfo.signal,
        oomKilled: oom, finishedAt: exitInfo.finishedAt });
    } catch {} // the run directory is gone (the container was removed): the cgroups must go all the same
    try { fs.closeSync(logFd); } catch {}
    exitAfterCleanup(0);
  };
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  for (const s of [child.stdout, child.stderr]) s.on('close', () => { openPipes--; maybeFinish(); });
  child.on('exit', (code, signal) => {
    mainExited = true;
    const finishedAt = new Date().toISOString();
    const exitCode = signal ? 128 + (os.constants.signals[signal] || 127) : code;
    exitInfo = { exitCode, signal: signal || null, finishedAt };
    tryKill(-child.pid, 'SIGKILL');
    // a sandbox's init: killing it kills every process of its PID namespace
    if (runPid !== 0 && runPid !== child.pid) { tryKill(-runPid, 'SIGKILL'); tryKill(runPid, 'SIGKILL'); }
    killLeftovers();
    // Whatever still holds a pipe open after the kill sweep is not ours: stop waiting after a grace period.
    setTimeout(() => { openPipes = 0; maybeFinish(); }, 2000).unref();
    maybeFinish();
  });
}
`;
