#!/usr/bin/env node
// The consumers job: Berth as its users get it. Packs every @berth/* package, installs the tarballs into fresh
// projects (CommonJS jest with only the ts-jest preset — node16 and classic "commonjs" —, ESM jest, vitest,
// node:test, plain require(), plain import; see projects.mjs — a project is its ./fixtures directory plus the files
// it shares with others, derived from ./shared by shared-files.mjs), and in each runs a unit test on the mock driver
// and the conformance kit on a small custom driver; `npx berth --help` runs from the packed hub. Also checks the
// tarballs' contents and that the docs show the fixtures verbatim. Everything happens in one temp dir, removed at
// the end (also on failure or Ctrl-C).
//
// Usage: node scripts/consumers/run.mjs [project ...] [--keep] [--no-build]   (or bash scripts/consumers.sh)
// Needs the registry (or a warm npm cache) for jest, ts-jest, vitest …; builds the packages first when stale
// (`--no-build`: packs dist/ as it is). `--keep` leaves the temp dir for a look.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../ensure-built.mjs';
import { checkDocs } from './check-docs.mjs';
import { cleanEnv, killAll, passedCount, run } from './exec.mjs';
import { packAll } from './pack.mjs';
import { PACKAGES, PROJECTS } from './projects.mjs';
import { sharedFiles } from './shared-files.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const FIXTURES = join(HERE, 'fixtures');

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const build = !args.includes('--no-build');
const only = args.filter((a) => !a.startsWith('--'));
const projects = only.length === 0 ? PROJECTS : PROJECTS.filter((p) => only.includes(p.name));
if (projects.length !== (only.length === 0 ? PROJECTS.length : only.length)) {
  console.error(`[consumers] unknown project in ${only.join(', ')}; known: ${PROJECTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const elapsed = (since = started) => `${Math.round((Date.now() - since) / 1000)}s`;
const log = (msg) => console.log(`[consumers ${elapsed()}] ${msg}`);

const work = mkdtempSync(join(tmpdir(), 'berth-consumers-'));
process.on('exit', () => {
  killAll();
  if (keep) console.log(`[consumers] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

/** Prints a failure with the project and the command's whole output, then exits 1. */
function fail(project, step, result) {
  console.error(
    `\n[consumers] FAILED: ${project}: ${step} (exit ${result.code}${result.timedOut ? ', timed out' : ''})`,
  );
  console.error(`----- output of ${project}: ${step} -----\n${result.output}\n----- end of output -----`);
  process.exit(1);
}

/** The @berth/* packages `names` need, themselves included (npm must find every one as a tarball). */
function withBerthDeps(names) {
  const all = new Set();
  const visit = (name) => {
    if (all.has(name)) return;
    all.add(name);
    const manifest = JSON.parse(readFileSync(join(REPO, 'packages', name.slice('@berth/'.length), 'package.json')));
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (dep.startsWith('@berth/')) visit(dep);
  };
  for (const name of names) visit(name);
  return PACKAGES.filter((p) => all.has(p));
}

/**
 * Sets a project up in `work/projects/<name>`: its fixture, the files it shares with other projects (derived from
 * ./shared, see shared-files.mjs), and the tarballs as its dependencies.
 */
function makeProject(project, tarballs) {
  const dir = join(work, 'projects', project.name);
  cpSync(join(FIXTURES, project.name), dir, { recursive: true });
  for (const [path, text] of sharedFiles(project.name)) {
    const target = join(dir, path);
    if (existsSync(target)) throw new Error(`fixtures/${project.name}/${path} is also derived from ./shared: keep one`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies = Object.fromEntries(
    withBerthDeps(project.packages).map((name) => [name, `file:${tarballs.get(name)}`]),
  );
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

async function main() {
  log(`work dir ${work}`);

  if (build && ensureBuilt()) log('built the packages');
  const tarballDir = join(work, 'tarballs');
  mkdirSync(tarballDir, { recursive: true });
  let tarballs;
  try {
    tarballs = await packAll(REPO, PACKAGES, tarballDir);
  } catch (err) {
    console.error(`[consumers] FAILED: npm pack\n${err.message}`);
    process.exit(1);
  }
  log(`packed ${tarballs.size} packages; tarballs hold only dist/, bin/, README.md and package.json`);

  const env = cleanEnv({ npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });
  for (const project of projects) {
    const since = Date.now();
    log(`${project.name}: ${project.what}`);
    const dir = makeProject(project, tarballs);
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env,
    });
    if (install.code !== 0) fail(project.name, 'npm install', install);
    log(`${project.name}: installed (${elapsed(since)}); npm test`);
    const test = await run('npm', ['test'], { cwd: dir, env });
    if (test.code !== 0) fail(project.name, 'npm test', test);
    const passed = passedCount(test.output);
    if (passed < project.minPassed) {
      fail(project.name, `npm test reported ${passed} passing tests, fewer than ${project.minPassed}`, test);
    }
    log(`${project.name}: ${passed} tests passed (${elapsed(since)})`);
    if (project.cli) {
      const cli = await run('npx', ['--no', '--', 'berth', '--help'], { cwd: dir, env, timeoutMs: 120_000 });
      if (cli.code !== 0 || !/Usage: berth/.test(cli.output)) fail(project.name, 'npx berth --help', cli);
      log(`${project.name}: npx berth --help works from the packed hub`);
    }
  }
  const docProblems = checkDocs(REPO, FIXTURES);
  if (docProblems.length > 0) {
    console.error(`[consumers] FAILED: the docs do not show the fixtures:\n  ${docProblems.join('\n  ')}`);
    process.exit(1);
  }
  log('docs show the fixtures verbatim');
  console.log(`[consumers] ${projects.length} passed, 0 failed (${elapsed()})`);
}

main().catch((err) => {
  console.error(`[consumers] FAILED: ${err.stack ?? err}`);
  process.exit(1);
});
