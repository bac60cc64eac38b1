import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ContainerStore } from '../state/container-store.js';
import type { ContainerRecord, ExitRecord, RunState } from '../state/records.js';
import type { ContainerStatus } from './container-status.js';
import { ExitWatchers } from './exit-watchers.js';

/** A pid that no longer exists: a child that ran and was reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function record(i: number): ContainerRecord {
  return {
    id: `c${i}`,
    name: `n${i}`,
    spec: { image: 'host' },
    labels: {},
    createdAt: new Date(0).toISOString(),
    runId: 1,
    cwd: '/nonexistent',
  };
}

function running(pid: number): ContainerStatus {
  const run: RunState = {
    runId: 1,
    supervisorPid: pid,
    supervisorStartTicks: 0,
    pid,
    startTicks: 0,
    startedAt: new Date(0).toISOString(),
  } as RunState;
  return { state: 'running', run, exit: null };
}

const exited: ExitRecord = {
  runId: 1,
  exitCode: 255,
  signal: null,
  oomKilled: false,
  finishedAt: new Date(0).toISOString(),
  error: 'lost',
};

/** A store whose containers run as `pidOf(id)` until `gone` holds their id; counts the full checks. */
function fakeStore(pidOf: (id: string) => number, gone: Set<string>) {
  const calls = { status: 0 };
  const store = {
    read: async (id: string) => record(Number(id.slice(1))),
    status: async (rec: ContainerRecord): Promise<ContainerStatus> => {
      calls.status += 1;
      return gone.has(rec.id) ? { state: 'dead', run: null, exit: exited } : running(pidOf(rec.id));
    },
  } as unknown as ContainerStore;
  return { store, calls };
}

describe(ExitWatchers.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('checks each live run fully once per 20 sweeps, not every sweep (the cost per live container stays flat)', async () => {
    const n = 200;
    const { store, calls } = fakeStore(() => process.pid, new Set());
    const watchers = new ExitWatchers(store, () => '/nonexistent/run', { exited: jest.fn(), superseded: jest.fn() });
    for (let i = 0; i < n; i += 1) watchers.watch(record(i));
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.status).toBe(n); // the first check of each run, at watch()
    const sweeps = 40;
    await jest.advanceTimersByTimeAsync(sweeps * 500);
    // 40 sweeps × ceil(200 / 20) = 400 full checks; a full check of every run each sweep would be 8,000.
    expect(calls.status - n).toBe(sweeps * Math.ceil(n / 20));
    watchers.close();
  });

  it('notices within one sweep a run whose supervisor and process vanished without an exit record', async () => {
    const dead = deadPid();
    const gone = new Set<string>();
    const { store } = fakeStore((id) => (id === 'c39' ? dead : process.pid), gone);
    const exitedHook = jest.fn();
    const watchers = new ExitWatchers(store, () => '/nonexistent/run', { exited: exitedHook, superseded: jest.fn() });
    for (let i = 0; i < 40; i += 1) watchers.watch(record(i));
    await jest.advanceTimersByTimeAsync(0);
    gone.add('c39'); // its pid is dead: the next sweep's signal-0 probe sees it, whatever the round robin
    await jest.advanceTimersByTimeAsync(500);
    expect(exitedHook).toHaveBeenCalledTimes(1);
    expect(exitedHook.mock.calls[0]?.[0]).toMatchObject({ id: 'c39' });
    expect(exitedHook.mock.calls[0]?.[1]).toMatchObject({ state: 'dead' });
    watchers.close();
  });

  it('stops sweeping once nothing is watched', async () => {
    const { store, calls } = fakeStore(() => process.pid, new Set());
    const watchers = new ExitWatchers(store, () => '/nonexistent/run', { exited: jest.fn(), superseded: jest.fn() });
    watchers.watch(record(1));
    await jest.advanceTimersByTimeAsync(0);
    watchers.close();
    const after = calls.status;
    await jest.advanceTimersByTimeAsync(20 * 500);
    expect(calls.status).toBe(after);
    expect(jest.getTimerCount()).toBe(0);
  });
});
