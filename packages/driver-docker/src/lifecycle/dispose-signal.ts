import { type Observable, Subject } from 'rxjs';

/**
 * A driver's dispose, once: the first {@link DisposeSignal.fire} emits on {@link DisposeSignal.disposing$} and
 * completes it, so every stream the driver piped through `takeUntil(disposing$)` completes then; later calls do
 * nothing and say so.
 *
 * @example
 * ```ts
 * readonly #dispose = new DisposeSignal();
 * logs$(id: string): Observable<LogLine> {
 *   return source$.pipe(takeUntil(this.#dispose.disposing$));
 * }
 * async dispose(): Promise<void> {
 *   if (!this.#dispose.fire()) return;
 *   // release what the driver holds
 * }
 * ```
 */
export class DisposeSignal {
  readonly #subject = new Subject<void>();
  #fired = false;
  /** Emits once on the first {@link fire}, then completes. */
  readonly disposing$: Observable<void> = this.#subject.asObservable();

  /** Emits on and completes {@link disposing$} the first time (`true`); `false` and nothing more after that. */
  fire(): boolean {
    if (this.#fired) return false;
    this.#fired = true;
    this.#subject.next();
    this.#subject.complete();
    return true;
  }
}
