// Benchmark of @berth/driver-local (run by `npm run bench`, or `node bench/local-lifecycle.mjs` after
// `npm run build`): create→start→exec(echo hi)→stop→remove, and exec alone, each against a raw
// child_process.spawn of the same command in the same run. Prints p50/p95 and the ratios.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '../packages/driver-local/dist/esm/index.js';
import { pct, time } from './lib/timing.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);

function rawSpawn(cmd, args) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('error', reject);
    c.on('close', () => resolve(out));
  });
}

const home = mkdtempSync(join(tmpdir(), 'berth-bench-'));
const driver = new LocalDriver({ home });
try {
  const raw = [];
  const lifecycle = [];
  const execOnly = [];
  const rawExec = [];
  for (let i = 0; i < 5; i++) await rawSpawn('echo', ['hi']); // warm-up
  for (let i = 0; i < RUNS; i++) {
    raw.push(await time(() => rawSpawn('echo', ['hi'])));
    lifecycle.push(
      await time(async () => {
        const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'] });
        await driver.startContainer(c.id);
        const r = await driver.exec(c.id, { command: ['echo', 'hi'] });
        if (r.stdout !== 'hi\n') throw new Error(`unexpected output ${JSON.stringify(r.stdout)}`);
        await driver.stopContainer(c.id, { timeoutMs: 5000 });
        await driver.removeContainer(c.id);
      }),
    );
  }
  const c = await driver.createContainer({ image: 'host', command: ['sleep', '600'] });
  await driver.startContainer(c.id);
  for (let i = 0; i < 5; i++) await driver.exec(c.id, { command: ['echo', 'hi'] }); // warm-up
  for (let i = 0; i < RUNS; i++) {
    rawExec.push(await time(() => rawSpawn('echo', ['hi'])));
    execOnly.push(await time(() => driver.exec(c.id, { command: ['echo', 'hi'] })));
  }
  await driver.removeContainer(c.id, { force: true });

  const row = (name, xs, base) =>
    `| ${name} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 95).toFixed(2)} | ${(pct(xs, 50) / pct(base, 50)).toFixed(2)}× | ${(pct(xs, 95) / pct(base, 95)).toFixed(2)}× |`;
  console.log(`local-lifecycle: ${RUNS} runs, cgroups ${JSON.stringify(driver.capabilities.resourceLimits)}`);
  console.log('| path | p50 ms | p95 ms | p50 vs raw spawn | p95 vs raw spawn |');
  console.log('|---|---|---|---|---|');
  console.log(row('raw spawn(echo hi) (lifecycle loop)', raw, raw));
  console.log(row('create→start→exec→stop→remove', lifecycle, raw));
  console.log(row('raw spawn(echo hi) (exec loop)', rawExec, rawExec));
  console.log(row('exec(echo hi)', execOnly, rawExec));
  const ratio = pct(execOnly, 50) / pct(rawExec, 50);
  console.log(`exec p50 target ≤ 1.5× raw spawn: ${ratio <= 1.5 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×)`);
} finally {
  await driver.dispose();
  rmSync(home, { recursive: true, force: true });
}
