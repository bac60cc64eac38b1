#!/usr/bin/env node
// Runs every benchmark in bench/ (or the ones named on the command line) one after another, in this process's
// environment. Each benchmark prints its own table with ratios against the raw baseline measured in the same run.
// Usage: npm run bench [-- local-lifecycle docker-lifecycle session hub-fanout]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : all;
const env = process.env;
console.log(
  `# Berth benchmarks — ${new Date().toISOString()} — node ${process.version}, ${process.platform}/${process.arch}`,
);
let failed = 0;
for (const name of selected) {
  console.log(`\n## ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, `${name}.mjs`)], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed += 1;
    console.error(`benchmark ${name} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
