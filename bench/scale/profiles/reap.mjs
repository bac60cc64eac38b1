// Profile target for the reaper-tick knee: N live sessions on the mock driver, then R manager.reap() passes.
// node --cpu-prof --cpu-prof-dir=/tmp/berth-scale-prof bench/scale/profiles/reap.mjs [N=10000] [R=300]
// then: node bench/scale/prof-summary.mjs /tmp/berth-scale-prof/<file>.cpuprofile --under reapOnce
// BERTH_SCALE_ROOT: a copy of the built packages (see bench/scale/snapshot.sh) so concurrent rebuilds cannot swap dist/ mid-run.
const root = process.env.BERTH_SCALE_ROOT ?? new URL('../../../', import.meta.url).pathname;
const { SessionManager } = await import(`${root}packages/session-manager/dist/esm/index.js`);
const { MockDriver } = await import(`${root}packages/driver-mock/dist/esm/index.js`);

const n = Number(process.argv[2] ?? 10_000);
const reaps = Number(process.argv[3] ?? 300);
const image = 'berth/runtime:bookworm';
const mock = new MockDriver({ images: [image] });
const manager = new SessionManager(mock, { images: { default: image }, maxSessions: n, reapIntervalMs: 3_600_000 });
for (let i = 0; i < n; i += 1) await manager.createSession({ agentType: 'python' });
const t = performance.now();
for (let i = 0; i < reaps; i += 1) await manager.reap();
const ms = (performance.now() - t) / reaps;
console.log(`${n} sessions: reap() ${ms.toFixed(3)} ms per tick, ${((ms * 1000) / n).toFixed(3)} µs per session`);
await manager.dispose();
await mock.dispose();
