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
}

/**
 * Watches running containers for their exit (`fs.watch` on the run directory plus a 500 ms poll) and
 * reports it once per run, whoever sees it first: the watcher, or {@link settleBeforeRemoval} racing it.
 */
export class ExitWatchers {
  readonly #store: ContainerStore;
  readonly #runDir: (id: string) => string;
  readonly #hooks: ExitWatcherHooks;
  /** Exit watchers of running containers: `stop` ends one, `settle` reports its exit now (once per run). */
  readonly #watching = new Map<string, Watch>();
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    const stop = (): void => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
      if (this.#watching.get(rec.id)?.stop === stop) this.#watching.delete(rec.id);
    };
    const settle = (st: ContainerStatus): void => {
      if (settled) return;
      settled = true;
      stop();
      this.#hooks.exited(rec, st);
    };
    this.#watching.set(rec.id, { stop, settle });
    let checking = false;
    const check = async (): Promise<void> => {
      if (stopped || checking) return;
      checking = true;
      try {
        const current = await this.#store.read(rec.id);
        if (current === null || current.runId !== rec.runId) {
          stop();
          this.#hooks.superseded(rec);
          return;
        }
        const st = await this.#store.status(current);
        if (!stopped && (st.state === 'exited' || st.state === 'dead')) settle(st);
      } catch {
        // transient read error: the next tick retries
      } finally {
        checking = false;
      }
    };
    const tick = (): void => {
      void check().finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, 500);
          timer.unref();
        }
      });
    };
    try {
      watcher = watch(this.#runDir(rec.id), () => void check());
      watcher.unref();
    } catch {
      watcher = undefined;
    }
    tick();
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
  }
}
