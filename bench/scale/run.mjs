#!/usr/bin/env node
// Entry point of the scale curves: `npm run bench:scale -- <curve> [--sizes 10,100,1000] [options]`.
// Runs the curve in a child process with --expose-gc (heap per unit needs it), which writes
// docs/bench/<curve>.json, then renders docs/bench/<curve>.svg. Never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './record.mjs';

/** Curves: script under curves/, its arguments, default sizes, what it measures. */
const CURVES = {
  'sessions-mock': {
    script: 'sessions.mjs',
    args: ['--driver', 'mock'],
    sizes: '10,100,1000,10000',
    what: 'SessionManager on the mock driver: heap/session, createSession + executeCode p50/p99, reaper tick — vs raw driver calls',
  },
  'sessions-local': {
    script: 'sessions.mjs',
    args: ['--driver', 'local'],
    sizes: '10,100,1000',
    what: 'the same on the local driver (real processes in bubblewrap sandboxes)',
  },
  reaper: {
    script: 'reaper.mjs',
    args: [],
    sizes: '10,100,1000,10000',
    what: 'reaper pass with N live sessions on the mock driver, two builds (--before-root, --after-root) interleaved in one run',
  },
  docker: {
    script: 'docker.mjs',
    args: [],
    sizes: '1,4,8,16',
    what: "create→start→exec→remove at concurrency c, Berth's DockerDriver vs raw dockerode (engine needed)",
  },
  stats: {
    script: 'stats.mjs',
    args: [],
    sizes: '10,50,100',
    what: 'DockerDriver.stats$ at 1 Hz on N running containers: CPU of the process vs raw dockerode streams (engine needed)',
  },
  swarm: {
    script: 'swarm.mjs',
    args: [],
    sizes: '1,8,32',
    what: 'N services placed at once on the 2-node test swarm, time to all running: SwarmDriver vs raw createService (swarm up)',
  },
  hub: {
    script: 'hub.mjs',
    args: [],
    sizes: '100,1000,5000',
    what: 'hub fan-out: N subscriber connections in separate client processes, delivered msg/s, p99, RSS/connection — vs a bare ws server',
  },
};

const HELP = `Usage: npm run bench:scale -- <curve|render> [--sizes a,b,c] [--prof] [curve options]

Curves (each writes docs/bench/<curve>.json and renders docs/bench/<curve>.svg):
${Object.entries(CURVES)
  .map(([name, c]) => `  ${name.padEnd(15)} default sizes ${c.sizes}\n  ${''.padEnd(15)} ${c.what}`)
  .join('\n')}
  render [curve…]  re-render SVGs from the JSON already in docs/bench/

Options:
  --sizes a,b,c    sizes to measure (sessions / connections)
  --prof           run the measuring process under node --cpu-prof (profiles in /tmp/berth-scale-prof/)
  sessions-*:      --exec-runs N (executeCode calls per size, default 200), --reaps N (reaper ticks, default 20)
                   --idle-seconds S (idle CPU sample per phase and size, default 5)
  reaper:          --before-root DIR --after-root DIR (package copies, bench/scale/snapshot.sh), --reaps N (default 100)
  docker:          --lifecycles N (per path, round and level; default max(8, 2c))
  stats:           --seconds S (per round, two rounds per path, default 10)
  swarm:           --rounds R (per path and size, default 2; the order alternates)
  hub:             --seconds S (per phase, default 5), --clients P (client processes, default 4),
                   --deliveries D (offered deliveries/s across all connections, default 20000)
Needs built packages (npm run build). The JSON records the git commit, machine, date and load average.`;

const argv = process.argv.slice(2);
const name = argv[0];
if (name === undefined || name === '--help' || name === '-h' || argv.includes('--help')) {
  console.log(HELP);
  process.exit(name === undefined ? 2 : 0);
}
if (name === 'render') {
  const r = spawnSync(process.execPath, [join(root, 'bench/scale/render.mjs'), ...argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const curve = CURVES[name];
if (curve === undefined) {
  console.error(`unknown curve ${name}; available: ${Object.keys(CURVES).join(', ')}, render (see --help)`);
  process.exit(2);
}
if (!existsSync(join(root, 'packages/session-manager/dist/esm/index.js'))) {
  console.error('packages are not built: run `npm run build` first');
  process.exit(2);
}
const rest = argv.slice(1).filter((a) => a !== '--prof');
const prof = argv.includes('--prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/berth-scale-prof'] : [];
const sizes = rest.includes('--sizes') ? [] : ['--sizes', curve.sizes];
const r = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    ...prof,
    join(root, 'bench/scale/curves', curve.script),
    '--curve',
    name,
    ...curve.args,
    ...sizes,
    ...rest,
  ],
  { stdio: 'inherit', env: { ...process.env, ...(prof.length > 0 ? { BERTH_SCALE_PROF: '1' } : {}) } },
);
if (r.status !== 0) {
  console.error(`curve ${name} exited with ${r.status ?? r.signal}`);
  process.exit(1);
}
const rr = spawnSync(process.execPath, [join(root, 'bench/scale/render.mjs'), name], { stdio: 'inherit' });
process.exit(rr.status ?? 1);
