// Is the reaper knee the loop's memory access pattern? Time expiringSessions over (a) the manager's own records
// (spread over a heap holding N sessions' ReplaySubjects, queues, driver state) and (b) the same number of
// records of the same shape allocated back to back.
// Diagnostic for the reaper knee (reaches into the manager's private parts and dist internals on purpose).
// node bench/scale/profiles/reap-layout.mjs  (BERTH_SCALE_ROOT as for the curves)
const root = process.env.BERTH_SCALE_ROOT ?? new URL('../../../', import.meta.url).pathname;
const { SessionManager } = await import(`${root}packages/session-manager/dist/esm/index.js`);
const { MockDriver } = await import(`${root}packages/driver-mock/dist/esm/index.js`);
const { expiringSessions } = await import(`${root}packages/session-manager/dist/esm/lifecycle/session-reaper.js`);
const { SerialQueue } = await import(`${root}packages/session-manager/dist/esm/concurrency/index.js`);
for (const n of [1000, 10000]) {
  const image = 'berth/runtime:bookworm';
  const mock = new MockDriver({ images: [image] });
  const m = new SessionManager(mock, { images: { default: image }, maxSessions: n, reapIntervalMs: 3_600_000 });
  for (let i = 0; i < n; i += 1) await m.createSession({ agentType: 'python' });
  const real = [...m.parts.registry.records.values()];
  const compact = real.map((r) => ({
    session: {
      status: r.session.status,
      expiresAt: new Date(r.session.expiresAt),
      lastActivityAt: new Date(r.session.lastActivityAt),
      idleTimeoutMs: r.session.idleTimeoutMs,
    },
    queue: new SerialQueue(),
    cleaning: undefined,
  }));
  const now = Date.now();
  for (const [name, recs] of [
    ['real', real],
    ['compact', compact],
    ['real', real],
    ['compact', compact],
  ]) {
    const reps = 200;
    const t = performance.now();
    for (let i = 0; i < reps; i += 1) if (expiringSessions(recs, now).length !== 0) throw new Error('expiring');
    console.log(`${n} ${name}: ${(((performance.now() - t) / reps / n) * 1e6).toFixed(0)} ns per record`);
  }
  await m.dispose();
  await mock.dispose();
}
