#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function (name + file:line), top 25, optionally
// only inside the subtree of frames whose function name is `--under <name>` (with that subtree's total); or, with
// `--callers <name>`, the total time under each distinct chain of up to 6 callers of that function (who calls it).
// Usage: node bench/scale/prof-summary.mjs <file.cpuprofile> [--under reapOnce | --callers readJsonOrNull] [--top 25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined || file === '--help') {
  console.log(
    'Usage: node bench/scale/prof-summary.mjs <file.cpuprofile> [--under <function> | --callers <function>] [--top N]',
  );
  process.exit(file === undefined ? 2 : 0);
}
const under = rest.includes('--under') ? rest[rest.indexOf('--under') + 1] : undefined;
const callers = rest.includes('--callers') ? rest[rest.indexOf('--callers') + 1] : undefined;
const top = rest.includes('--top') ? Number(rest[rest.indexOf('--top') + 1]) : 25;
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Sample weights: timeDeltas[i] belongs to samples[i].
const self = new Map();
for (let i = 0; i < prof.samples.length; i += 1) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const inside = (id) => {
  if (under === undefined) return true;
  for (let cur = id; cur !== undefined; cur = parent.get(cur))
    if (byId.get(cur).callFrame.functionName === under) return true;
  return false;
};
const total = [...self.values()].reduce((a, b) => a + b, 0);
const frame = (id) => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
};
if (callers !== undefined) {
  const subtree = (id) => (self.get(id) ?? 0) + (byId.get(id).children ?? []).reduce((a, c) => a + subtree(c), 0);
  const chains = new Map();
  for (const n of prof.nodes) {
    if (n.callFrame.functionName !== callers) continue;
    const chain = [];
    for (let cur = parent.get(n.id); cur !== undefined && chain.length < 6; cur = parent.get(cur))
      chain.push(frame(cur));
    const key = chain.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + subtree(n.id));
  }
  console.log(`profile ${file}: ${(total / 1000).toFixed(0)} ms sampled; time under ${callers} by caller chain:`);
  for (const [k, us] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${k}`);
  process.exit(0);
}
const agg = new Map();
let subtotal = 0;
for (const [id, us] of self) {
  if (!inside(id)) continue;
  subtotal += us;
  const key = frame(id);
  agg.set(key, (agg.get(key) ?? 0) + us);
}
console.log(
  `profile ${file}: ${(total / 1000).toFixed(0)} ms sampled${under ? `, ${(subtotal / 1000).toFixed(0)} ms (${((subtotal / total) * 100).toFixed(1)} %) under ${under}` : ''}`,
);
for (const [k, us] of [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${((us / subtotal) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
