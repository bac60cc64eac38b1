import { watch } from 'node:fs';
import type { ContainerStore } from '../state/container-store.js';
import type { ContainerRecord } from '../state/records.js';
import type { ContainerStatus } from './container-status.js';

/** What {@link ExitWatchers} reports. */
export interface ExitWatcherHooks {
  /** The watched run ended (`exited` or `dead`): called exactly once per run. */
  exited(rec: ContainerRecord, st: ContainerStatus): void;
  /** The watched run was replaced by a newer one, or the container's record is gone: watching ended. */
  superseded(rec: ContainerRecord): void;
}

interface Watch {
  stop: () => void;
  settle: (st: ContainerStatus) => void;
  /** Reads the container's files and processes; reports an exit or a newer run. */
  check: () => Promise<void>;
  /** The run's supervisor and main pids, once a full check saw it running; `null` until then. */
  pids: readonly number[] | null;
}

/** Period of the shared sweep (ms): the bound on noticing a supervisor killed without writing its exit. */
const SWEEP_MS = 500;
/** Sweeps over which every watched run gets one full check (files + `/proc`): 20 × 500 ms = every 10 s. */
const FULL_CHECK_SPREAD = 20;

/** `true` while a process with this pid exists (a signal-0 probe: one syscall, no file read). */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Watches running containers for their exit and reports it once per run, whoever sees it first: the
 * watcher, or {@link settleBeforeRemoval} racing it. Three signals, so the cost per live container stays a
 * few syscalls a second (at 1,000 live containers a full check of each every 500 ms took a whole core):
 * - `fs.watch` on the run directory: the supervisor writing the exit record (every ordinary exit);
 * - one shared 500 ms sweep probing each run's supervisor and main pid with signal 0: a supervisor killed
 *   with its process (`kill -9`, OOM) is noticed within a sweep;
 * - a full check of each run every 10 s, spread over the sweeps: catches a recycled pid or a zombie, which
 *   the signal-0 probe cannot tell from the run's own process.
 */
export class ExitWatchers {
  readonly #store: ContainerStore;
  readonly #runDir: (id: string) => string;
  readonly #hooks: ExitWatcherHooks;
  /** Exit watchers of running containers, by container id. */
  readonly #watching = new Map<string, Watch>();
  #sweep: ReturnType<typeof setInterval> | undefined;
  /** Index of the next run due a full check in the sweep's round robin. */
  #cursor = 0;
  #closed = false;

  /**
   * @param store - container records and status.
   * @param runDir - a container's run directory (what the supervisor writes).
   * @param hooks - receives exits.
   */
  constructor(store: ContainerStore, runDir: (id: string) => string, hooks: ExitWatcherHooks) {
    this.#store = store;
    this.#runDir = runDir;
    this.#hooks = hooks;
  }

  /** Starts watching the current run of `rec` (no-op when watched already, or after {@link close}). */
  watch(rec: ContainerRecord): void {
    if (this.#watching.has(rec.id) || this.#closed) return;
    let stopped = false;
    let settled = false;
    let watcher: ReturnType<typeof watch> | undefined;
    let checking = false;
    /** A check was asked for while one ran (e.g. the exit record landed after it read the files). */
    let again = false;
    const w: Watch = {
      pids: null,
      stop: () => {
        stopped = true;
        watcher?.close();
        if (this.#watching.get(rec.id) === w) this.#watching.delete(rec.id);
        if (this.#watching.size === 0) this.#stopSweep();
      },
      settle: (st) => {
        if (settled) return;
        settled = true;
        w.stop();
        this.#hooks.exited(rec, st);
      },
      check: async () => {
        if (stopped) return;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          const current = await this.#store.read(rec.id);
          if (current === null || current.runId !== rec.runId) {
            w.stop();
            this.#hooks.superseded(rec);
            return;
          }
          const st = await this.#store.status(current);
          if (stopped) return;
          if (st.state === 'exited' || st.state === 'dead') w.settle(st);
          else w.pids = st.run === null ? null : [st.run.supervisorPid, st.run.pid].filter((p) => p > 0);
        } catch {
          // transient read error: the next sweep retries
        } finally {
          checking = false;
        }
        if (again) {
          again = false;
          await w.check();
        }
      },
    };
    this.#watching.set(rec.id, w);
    try {
      watcher = watch(this.#runDir(rec.id), () => void w.check());
      watcher.unref();
    } catch {
      watcher = undefined;
    }
    this.#startSweep();
    void w.check();
  }

  /** One sweep: signal-0 probes of every watched run, full checks of a slice of them. */
  #sweepOnce(): void {
    const all = [...this.#watching.values()];
    if (all.length === 0) return;
    const full = new Set<Watch>();
    const slice = Math.ceil(all.length / FULL_CHECK_SPREAD);
    for (let k = 0; k < slice; k += 1) full.add(all[(this.#cursor + k) % all.length] as Watch);
    this.#cursor = (this.#cursor + slice) % all.length;
    for (const w of all) {
      if (full.has(w) || w.pids === null || !w.pids.some(pidExists)) void w.check();
    }
  }

  #startSweep(): void {
    if (this.#sweep !== undefined) return;
    this.#sweep = setInterval(() => this.#sweepOnce(), SWEEP_MS);
    this.#sweep.unref();
  }

  #stopSweep(): void {
    if (this.#sweep !== undefined) clearInterval(this.#sweep);
    this.#sweep = undefined;
  }

  /**
   * Before a container is removed: the watcher may not have seen the exit yet, and `exited` must still come
   * before `removed`: reports the exit now when the run ended, else just stops watching.
   */
  async settleBeforeRemoval(rec: ContainerRecord): Promise<void> {
    const watching = this.#watching.get(rec.id);
    if (watching === undefined) return;
    const after = await this.#store.status(rec);
    if (after.state === 'exited' || after.state === 'dead') watching.settle(after);
    else watching.stop();
  }

  /** Stops every watcher; later {@link watch} calls do nothing. */
  close(): void {
    this.#closed = true;
    for (const w of [...this.#watching.values()]) w.stop();
    this.#stopSweep();
  }
}
