import { readFileSync } from 'node:fs';
import { computeStats, cpuPercent, memoryWithoutCache } from './compute-stats.js';
import type { DockerStatsPayload } from './docker-stats-payload.js';

const fixture = (name: string): DockerStatsPayload =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as DockerStatsPayload;

describe(computeStats.name, () => {
  describe('with a cgroup v1 payload', () => {
    const sample = computeStats('c1', fixture('stats-v1'));

    it('computes CPU percent from the deltas times online CPUs', () => {
      // (0.5e9 / 2e9) * 2 * 100
      expect(sample.cpuPercent).toBeCloseTo(50, 6);
    });
    it('excludes total_inactive_file from memory', () => {
      expect(sample.memoryBytes).toBe(52428800 - 10485760);
      expect(sample.memoryLimitBytes).toBe(268435456);
      expect(sample.memoryPercent).toBeCloseTo((41943040 / 268435456) * 100, 6);
    });
    it('sums network bytes over interfaces', () => {
      expect([sample.networkRxBytes, sample.networkTxBytes]).toEqual([1500, 250]);
    });
    it('sums block read and write bytes over devices, ignoring other ops', () => {
      expect([sample.blockReadBytes, sample.blockWriteBytes]).toEqual([5120, 8192]);
    });
    it('reports pids and the read time', () => {
      expect(sample.pids).toBe(3);
      expect(sample.timestamp.toISOString()).toBe('2026-12-01T12:00:01.000Z');
    });
  });

  describe('with a cgroup v2 payload', () => {
    const sample = computeStats('c2', fixture('stats-v2'));

    it('uses online_cpus when percpu_usage is absent', () => {
      // (0.1e9 / 4e9) * 4 * 100
      expect(sample.cpuPercent).toBeCloseTo(10, 6);
    });
    it('excludes inactive_file from memory', () => {
      expect(sample.memoryBytes).toBe(20971520 - 4194304);
    });
    it('reads lower-case block ops', () => {
      expect([sample.blockReadBytes, sample.blockWriteBytes]).toEqual([2048, 4096]);
    });
  });

  describe('with the first payload of a container that just started', () => {
    const sample = computeStats('c3', fixture('stats-just-started'));

    it('reports 0% CPU, never NaN or negative', () => {
      expect(sample.cpuPercent).toBe(0);
    });
    it('reports zero memory, network and block I/O', () => {
      expect(sample).toMatchObject({ memoryBytes: 0, memoryPercent: 0, networkRxBytes: 0, blockReadBytes: 0 });
    });
  });
});

describe(cpuPercent.name, () => {
  it('is 0 when the system delta is zero', () => {
    const p = fixture('stats-v1');
    expect(cpuPercent({ ...p, cpu_stats: { ...p.cpu_stats, system_cpu_usage: 18000000000 } })).toBe(0);
  });
  it('is 0 when the counters went backwards (container restarted)', () => {
    const p = fixture('stats-v1');
    expect(cpuPercent({ ...p, cpu_stats: { ...p.cpu_stats, cpu_usage: { total_usage: 1 } } })).toBe(0);
  });
  it('falls back to percpu_usage length when online_cpus is missing', () => {
    const p = fixture('stats-v1');
    const { online_cpus: _ignored, ...cpu } = p.cpu_stats ?? {};
    expect(cpuPercent({ ...p, cpu_stats: cpu })).toBeCloseTo(50, 6);
  });
});

describe(memoryWithoutCache.name, () => {
  it('returns usage when inactive_file is not smaller than usage', () => {
    expect(memoryWithoutCache({ memory_stats: { usage: 100, stats: { inactive_file: 200 } } })).toBe(100);
  });
});
