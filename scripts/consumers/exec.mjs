// Running a command for the consumers job: output captured (and kept bounded), a generous safety timeout,
// and an environment without the npm variables of a surrounding `npm run` (which would make npm in the fresh
// project act on this repository's workspaces).
import { spawn } from 'node:child_process';

/** Output kept per command: its last bytes (enough for any failure report). */
const KEEP_BYTES = 4 * 1024 * 1024;

/** This process's environment less what a surrounding `npm run` sets for its own package. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle|config_(workspace|workspaces|include_workspace_root|prefix|global))/i.test(key))
      delete env[key];
  }
  delete env.INIT_CWD;
  return env;
}

/**
 * Runs `command args` in `cwd`; resolves `{ code, output }` (stdout and stderr interleaved, the last
 * {@link KEEP_BYTES} of it). A run longer than `timeoutMs` is killed (its process group) and reported as code 124.
 */
export function run(command, args, { cwd, timeoutMs = 15 * 60_000, env = cleanEnv() }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    const keep = (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 2 * KEEP_BYTES) {
        const all = Buffer.concat(chunks);
        chunks = [all.subarray(all.length - KEEP_BYTES)];
        size = KEEP_BYTES;
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), output, timedOut });
    });
  });
}

/** Children still running (killed when the job is interrupted). */
const running = new Set();

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills every child still running (their whole process groups). */
export function killAll() {
  for (const child of running) killGroup(child);
}

/**
 * Passing tests an output reports, summed over every runner summary in it: jest's `Tests: … N passed`,
 * vitest's `Tests  N passed`, node:test's `# pass N` / `ℹ pass N`.
 */
export function passedCount(output) {
  let total = 0;
  // Runners colour their summaries when CI is set (vitest does): read the text without the ANSI escapes.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of ANSI colour codes is the point
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  for (const line of plain.split('\n')) {
    const m =
      /^Tests:.*?(\d+) passed/.exec(line) ??
      /^\s*Tests\s+(\d+) passed/.exec(line) ??
      /^(?:#|ℹ) pass (\d+)\s*$/.exec(line.trim());
    if (m) total += Number(m[1]);
  }
  return total;
}
