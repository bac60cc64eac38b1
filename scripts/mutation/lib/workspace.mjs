// Scratch copies of the repository for mutation runs. Nothing here writes to the source tree: every
// mutant is applied to a copy under the scratch root, and restored there after its run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Top-level directories copied into a slot (what jest needs to run a spec from package sources). */
const COPIED_DIRS = ['packages', 'examples', 'scripts'];
/** Top-level files copied too: package.json and every jest and TypeScript config (they reference each other). */
const COPIED_FILE = /^(package\.json|jest\.config\.[cm]?js|tsconfig[\w.-]*\.json)$/;

/** Top-level entries of the working tree at `source`, or of commit `ref`, that a slot gets. */
function copiedEntries(source, ref) {
  const names =
    ref === undefined
      ? readdirSync(source)
      : execFileSync('git', ['-C', source, 'ls-tree', '--name-only', ref], { encoding: 'utf8' }).split('\n');
  return names.filter((n) => COPIED_DIRS.includes(n) || COPIED_FILE.test(n));
}

/**
 * Copies the parts of `source` that jest needs into `dir`: sources only (no `node_modules`, `dist`,
 * `.tshy-build` (a build running beside may be rewriting it) or build info); the root `node_modules` and
 * each package's own `node_modules` are symlinked to the source's.
 *
 * @param {string} source - repository root to copy from.
 * @param {string} dir - slot directory (created; emptied first when it exists).
 * @param {string} [ref] - a commit to copy instead of the working tree (read with `git archive`, which
 *   only reads the repository).
 */
export function makeSlot(source, dir, ref) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (ref !== undefined) {
    const entries = copiedEntries(source, ref);
    const tar = execFileSync('git', ['-C', source, 'archive', '--format=tar', ref, ...entries], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  for (const entry of ref === undefined ? copiedEntries(source) : []) {
    const from = join(source, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(dir, entry), {
      recursive: true,
      filter: (path) => {
        const parts = relative(source, path).split(sep);
        return (
          !parts.includes('node_modules') &&
          !parts.includes('dist') &&
          !parts.includes('.tshy-build') &&
          !parts.includes('results') &&
          !path.endsWith('.tsbuildinfo')
        );
      },
    });
  }
  symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'));
  const packages = join(source, 'packages');
  for (const pkg of existsSync(packages) ? readdirSync(packages) : []) {
    const own = join(packages, pkg, 'node_modules');
    if (existsSync(own)) symlinkSync(own, join(dir, 'packages', pkg, 'node_modules'));
  }
  mkdirSync(join(dir, '.tmp'), { recursive: true });
}

/**
 * Number of times `needle` occurs in `haystack` (non-overlapping).
 *
 * @param {string} haystack
 * @param {string} needle
 * @returns {number}
 */
export function occurrences(haystack, needle) {
  if (needle.length === 0) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * Checks that a mutant's `find` snippet occurs exactly once in its file inside `dir`.
 *
 * @param {string} dir - slot directory.
 * @param {{ file: string, find: string }} mutant
 * @returns {string | null} why the mutant is stale, or `null` when it applies.
 */
export function staleReason(dir, mutant) {
  const path = join(dir, mutant.file);
  if (!existsSync(path)) return `file ${mutant.file} does not exist`;
  const count = occurrences(readFileSync(path, 'utf8'), mutant.find);
  if (count === 1) return null;
  return count === 0 ? 'find snippet not found' : `find snippet occurs ${count} times`;
}

/**
 * Applies `mutant` in `dir` and returns a function that restores the original file.
 *
 * @param {string} dir - slot directory.
 * @param {{ file: string, find: string, replace: string }} mutant
 * @returns {() => void}
 */
export function applyMutant(dir, mutant) {
  const path = join(dir, mutant.file);
  const original = readFileSync(path, 'utf8');
  const at = original.indexOf(mutant.find);
  if (at < 0 || original.indexOf(mutant.find, at + 1) >= 0) throw new Error(`${mutant.id}: find snippet is not unique`);
  writeFileSync(path, original.slice(0, at) + mutant.replace + original.slice(at + mutant.find.length));
  return () => writeFileSync(path, original);
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Pids of processes a run in `tmpDir` left behind: local-driver containers (their environment points
 * `HOME` into a state root under `tmpDir`) and their supervisors (their command line names a file there).
 *
 * @param {string} tmpDir - the slot's private TMPDIR.
 * @returns {number[]}
 */
export function leftoverPids(tmpDir) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const environ = readText(`/proc/${name}/environ`).split('\0');
    const cmdline = readText(`/proc/${name}/cmdline`).split('\0');
    const mine =
      (environ.some((v) => v.startsWith('BERTH_CONTAINER_ID=')) &&
        environ.some((v) => v.startsWith(`HOME=${tmpDir}/`))) ||
      cmdline.some((arg) => arg.startsWith(`${tmpDir}/`) && arg.endsWith('.cjs'));
    if (mine) out.push(Number(name));
  }
  return out;
}

/** cgroup directories named by the launch files of local-driver containers under `tmpDir`. */
function leftoverCgroups(tmpDir) {
  const dirs = [];
  for (const home of existsSync(tmpDir) ? readdirSync(tmpDir) : []) {
    const containers = join(tmpDir, home, 'containers');
    if (!existsSync(containers)) continue;
    for (const id of readdirSync(containers)) {
      try {
        const launch = JSON.parse(readFileSync(join(containers, id, 'run', 'launch.json'), 'utf8'));
        if (Array.isArray(launch.cgroupDirs)) dirs.push(...launch.cgroupDirs);
      } catch {
        // never started, or already removed
      }
    }
  }
  return dirs;
}

/**
 * Removes what a (possibly killed) run left in the slot's TMPDIR: SIGKILLs the processes it started
 * (found by {@link leftoverPids}, killed by pid), removes their cgroups, and empties the directory.
 *
 * @param {string} tmpDir - the slot's private TMPDIR.
 * @returns {Promise<{ pids: number, cgroups: number }>} how much was left behind.
 */
export async function cleanTmp(tmpDir) {
  const pids = leftoverPids(tmpDir);
  const cgroups = leftoverCgroups(tmpDir);
  for (const dir of cgroups) {
    for (const pid of readText(join(dir, 'cgroup.procs')).split('\n').filter(Boolean)) pids.push(Number(pid));
  }
  for (const pid of new Set(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  let removed = 0;
  for (let attempt = 0; attempt < 20 && removed < cgroups.length; attempt++) {
    removed = 0;
    for (const dir of cgroups) {
      try {
        rmdirSync(dir);
        removed++;
      } catch (err) {
        if (err.code === 'ENOENT') removed++;
      }
    }
    if (removed < cgroups.length) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(tmpDir, { recursive: true });
  return { pids: new Set(pids).size, cgroups: cgroups.length - removed };
}

/**
 * A fingerprint of the conformance kit in `dir` (every file under `packages/core/src/testing`), so results of
 * runs of the same kit can be told from older ones (see `vacuity` in report.mjs).
 *
 * @param {string} dir - slot directory.
 * @returns {string} hex digest (16 characters).
 */
export function kitFingerprint(dir) {
  const root = join(dir, 'packages/core/src/testing');
  const hash = createHash('sha256');
  const walk = (at) => {
    for (const name of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, name.name);
      if (name.isDirectory()) walk(path);
      else hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  if (existsSync(root)) walk(root);
  return hash.digest('hex').slice(0, 16);
}
