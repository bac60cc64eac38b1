import { watch } from 'node:fs';
import { raceAbort, throwIfAborted } from '@berth/core';
import type { ContainerStore } from '../state/container-store.js';
import type { ContainerRecord } from '../state/records.js';
import type { ContainerStatus } from './container-status.js';

/**
 * Resolves with the status of `rec`'s current run once it is no longer running (nor being launched):
 * re-reads the status on every change in the run directory (`fs.watch`) and at least every `pollMs`.
 * Rejects with the abort reason when `signal` aborts.
 */
export async function waitNotRunning(
  store: ContainerStore,
  runDir: string,
  rec: ContainerRecord,
  pollMs: number,
  signal?: AbortSignal,
): Promise<ContainerStatus> {
  for (;;) {
    throwIfAborted(signal);
    const st = await store.status(rec);
    if (st.state !== 'running' && !(st.state === 'created' && store.isLaunching(rec.id))) return st;
    await raceAbort(nextRunDirChange(runDir, pollMs), signal);
  }
}

/** Resolves on the next change in `runDir`, or after `pollMs` (when watching fails, or nothing changes). */
export function nextRunDirChange(runDir: string, pollMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    let watcher: ReturnType<typeof watch> | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(finish, pollMs);
    try {
      watcher = watch(runDir, finish);
    } catch {
      watcher = undefined;
    }
  });
}
