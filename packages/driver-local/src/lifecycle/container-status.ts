import { ContainerNotFoundError, type ContainerState } from '@berth/core';
import { isSameProcessAlive } from '../process/proc-stat.js';
import { atomicWriteJson, readJsonOrNull } from '../state/atomic-write.js';
import type { ContainerRecord, ExitRecord, RunState } from '../state/records.js';
import type { StateLayout } from '../state/state-layout.js';

/** A container's state as derived from its files and live processes. */
export interface ContainerStatus {
  /** Lifecycle state. */
  state: ContainerState;
  /** Run state of the current run, when it got that far. */
  run: RunState | null;
  /** Exit of the current run, when it ended. */
  exit: ExitRecord | null;
}

/**
 * Derives the state of a container from the supervisor's files, never from memory, so any driver instance
 * (including one started after a crash) sees the same thing:
 * - never started → `created`; `exit.json` of the current run → `exited`;
 * - `state.json` and the supervisor or main process alive (pid + start ticks, never a recycled pid) → `running`;
 * - otherwise the run was lost (supervisor and process gone without an exit record, e.g. host reboot or
 *   `kill -9` of the supervisor): an exit record with code 255 is written and the state is `dead`.
 *
 * Rejects with `ContainerNotFoundError` when the container's run directory disappears meanwhile (removed).
 */
export async function readContainerStatus(
  layout: StateLayout,
  rec: ContainerRecord,
  launching: boolean,
): Promise<ContainerStatus> {
  if (rec.runId === 0) return { state: 'created', run: null, exit: null };
  const exitFile = layout.exitFile(rec.id);
  const readExit = async (): Promise<ExitRecord | null> => {
    const e = await readJsonOrNull<ExitRecord>(exitFile);
    return e !== null && e.runId === rec.runId ? e : null;
  };
  let exit = await readExit();
  const run = await readJsonOrNull<RunState>(layout.stateFile(rec.id));
  const current = run !== null && run.runId === rec.runId ? run : null;
  if (exit !== null) return { state: exit.error === 'lost' ? 'dead' : 'exited', run: current, exit };
  if (current === null) {
    if (launching) return { state: 'created', run: null, exit: null };
  } else if (
    (await isSameProcessAlive(current.supervisorPid, current.supervisorStartTicks)) ||
    (await isSameProcessAlive(current.pid, current.startTicks))
  ) {
    return { state: 'running', run: current, exit: null };
  }
  exit = await readExit();
  if (exit !== null) return { state: exit.error === 'lost' ? 'dead' : 'exited', run: current, exit };
  const lost: ExitRecord = {
    runId: rec.runId,
    exitCode: 255,
    signal: null,
    oomKilled: false,
    finishedAt: new Date().toISOString(),
    error: 'lost',
  };
  try {
    await atomicWriteJson(exitFile, lost);
  } catch (err) {
    // The run directory is gone: the container was removed while we looked (e.g. a force removal).
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ContainerNotFoundError(rec.id, { cause: err });
    throw err;
  }
  return { state: 'dead', run: current, exit: lost };
}
