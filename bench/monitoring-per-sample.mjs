#!/usr/bin/env node
// monitoring-per-sample: CPU one ContainerMonitor spends per stats sample — mapping to ContainerMetrics, two rules,
// the nine container gauges — with samples pushed synchronously through a scripted stats$ (no driver, no I/O), so
// the figure is the monitor's own cost. Needs `npm run build` (imports packages/monitoring/dist).
// Then the same for one driver call: an observed driver's `getContainer` (timed, counted) against a plain one.
// Usage: node bench/monitoring-per-sample.mjs [samples]   (default 200000, 20 containers, 3 rounds)
import { Subject } from 'rxjs';
import { ContainerMonitor, MonitoringMetrics, observeDriver } from '../packages/monitoring/dist/esm/index.js';

const subjects = new Map();
const driver = {
  name: 'bench',
  stats$: (id) => {
    const s = new Subject();
    subjects.set(id, s);
    return s;
  },
};
const quiet = () => undefined;
const metrics = new MonitoringMetrics();
const monitor = new ContainerMonitor(driver, {
  metrics,
  logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
});
monitor.addAlertRule({
  id: 'cpu',
  name: 'CPU',
  condition: (m) => m.cpu.percentage > 80,
  severity: 'high',
  actions: [{ type: 'log' }],
});
monitor.addAlertRule({ id: 'mem', name: 'Mem', condition: (m) => m.memory.percentage > 90, severity: 'high' });
for (let i = 0; i < 20; i++) monitor.startMonitoring(`c${i}`);
const sample = (id, cpu) => ({
  containerId: id,
  timestamp: new Date(),
  cpuPercent: cpu,
  memoryBytes: 1e6,
  memoryLimitBytes: 1e9,
  memoryPercent: 0.1,
  pids: 3,
  networkRxBytes: 1,
  networkTxBytes: 2,
  blockReadBytes: 3,
  blockWriteBytes: 4,
});
const N = Number(process.argv[2] ?? 200_000);
for (let round = 0; round < 3; round++) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < N; i++) subjects.get(`c${i % 20}`).next(sample(`c${i % 20}`, i % 1000 === 0 ? 95 : 10));
  const d = process.cpuUsage(t0);
  console.log(
    `round ${round}: ${((d.user + d.system) / N).toFixed(2)} µs CPU per sample (2 rules, 9 gauges, ${N} samples)`,
  );
}
await monitor.dispose();

// ── per driver call ──
const plain = { name: 'bench', getContainer: async () => null };
const observed = { name: 'bench', getContainer: async () => null };
observeDriver(observed, new MonitoringMetrics(), { host: 'bench' });
for (let round = 0; round < 3; round++) {
  const cost = {};
  for (const [name, d] of [
    ['plain', plain],
    ['observed', observed],
  ]) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await d.getContainer('x');
    const dt = process.cpuUsage(t0);
    cost[name] = (dt.user + dt.system) / N;
  }
  console.log(
    `round ${round}: driver call ${cost.plain.toFixed(2)} µs plain, ${cost.observed.toFixed(2)} µs observed (+${(cost.observed - cost.plain).toFixed(2)} µs)`,
  );
}
