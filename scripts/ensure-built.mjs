#!/usr/bin/env node
// Builds the packages (`npm run build`) when a package's build is missing or older than its sources, so the few
// suites that run the built packages in a child process (CLI, crash recovery) pass right after `npm ci`.
// Up to date: a few stat calls, no build. Used as the jest globalSetup of the `built` project in
// jest.config.js (jest runs it only when a test of that project is selected) and runnable by hand:
// `node scripts/ensure-built.mjs`. Concurrent callers (two jest runs) serialise on a lock directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = join(REPO, 'packages');
const LOCK = join(REPO, 'node_modules', '.cache', 'berth-build.lock');
/** A lock older than this is taken over (its holder died). */
const LOCK_STALE_MS = 15 * 60_000;

/** Newest modification time (ms) of the build inputs under `dir`: non-spec `.ts` files, recursively. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The files a package's `exports` point at (every condition, every subpath). */
function exportTargets(exportsField) {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}

/** Why `pkgDir` needs a build, or `null` when every export target exists and is newer than the sources. */
function staleReason(pkgDir) {
  const manifestPath = join(pkgDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const targets = exportTargets(manifest.exports).filter((t) => t.startsWith('./dist/'));
  // Not package.json: tshy rewrites it (its `exports`) at the end of every build.
  const inputs = Math.max(newestSource(join(pkgDir, 'src')), statSync(join(pkgDir, 'tsconfig.json')).mtimeMs);
  for (const target of targets) {
    const path = join(pkgDir, target);
    if (!existsSync(path)) return `${manifest.name}: ${target} is missing`;
    if (statSync(path).mtimeMs < inputs) return `${manifest.name}: ${target} is older than its sources`;
  }
  return null;
}

/** Reasons to build, one per stale package; empty when everything is up to date. */
export function staleReasons() {
  return readdirSync(PACKAGES)
    .map((name) => join(PACKAGES, name))
    .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src')))
    .map(staleReason)
    .filter((reason) => reason !== null);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the build lock (waiting for another holder), runs `fn`, releases it. */
function withLock(fn) {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when needed. Returns `true` when it built. Throws when the build fails. */
export function ensureBuilt() {
  if (staleReasons().length === 0) return false;
  return withLock(() => {
    const reasons = staleReasons(); // another caller may have built while we waited
    if (reasons.length === 0) return false;
    process.stderr.write(`[berth] building the packages first (${reasons[0]}${reasons.length > 1 ? ', …' : ''})\n`);
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    return true;
  });
}

/** jest globalSetup entry. */
export default function globalSetup() {
  ensureBuilt();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt();
