import { defer, EMPTY, filter, type Observable, Subject } from 'rxjs';
import type { DriverEvent, EventFilter } from '../contract/operations.js';
import { matchesEventFilter } from './matches-event-filter.js';

/**
 * A driver's lifecycle-event bus: the driver {@link publish}es, callers subscribe to {@link events$} with a
 * filter. Hot (subscribers see events published after they subscribed); {@link close} completes every
 * subscriber, and `events$` after close completes at once.
 *
 * @example
 * ```ts
 * class MyDriver implements ContainerDriver {
 *   readonly #events = new EventHub();
 *   async startContainer(id: string) { ...; this.#events.publish({ type: 'started', containerId: id, timestamp: new Date() }); }
 *   events$(filter?: EventFilter) { return this.#events.events$(filter); }
 *   async dispose() { this.#events.close(); }
 * }
 * ```
 */
export class EventHub<E extends DriverEvent = DriverEvent> {
  readonly #subject = new Subject<E>();
  #closed = false;

  /** `true` after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** `true` while at least one subscriber listens (drivers may start engine-side watching only then). */
  get observed(): boolean {
    return this.#subject.observed;
  }

  /** Sends `event` to every matching subscriber. Ignored after {@link close}. */
  publish(event: E): void {
    if (this.#closed) return;
    this.#subject.next(event);
  }

  /** Events matching `eventFilter` (see {@link matchesEventFilter}) until unsubscribed or closed. */
  events$(eventFilter?: EventFilter): Observable<E> {
    return defer(() =>
      this.#closed ? EMPTY : this.#subject.pipe(filter((event) => matchesEventFilter(event, eventFilter))),
    );
  }

  /** Completes every subscriber; later `publish` calls are ignored. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#subject.complete();
  }
}
