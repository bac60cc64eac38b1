import type { EngineEvent, EngineEventFilter, EngineObjectType } from '@berth/core';
import { filter, type Observable, Subject, takeUntil } from 'rxjs';

/** `true` when `event` passes every given field of `eventFilter` (`[]` restricts nothing), as the Docker driver reads it. */
export function matchesEngineEventFilter(event: EngineEvent, eventFilter: EngineEventFilter | undefined): boolean {
  if (eventFilter === undefined) return true;
  const { types, actions, labels } = eventFilter;
  if (types !== undefined && types.length > 0 && !types.includes(event.type)) return false;
  if (actions !== undefined && actions.length > 0 && !actions.includes(event.action)) return false;
  return Object.entries(labels ?? {}).every(([k, v]) => event.attributes[k] === v);
}

/** What one published engine event is made of (the feed stamps the time). */
export interface EngineEventInit {
  /** Kind of object. */
  type: EngineObjectType;
  /** The engine's action (`create`, `start`, `die`, `pull`, `delete`, `destroy` …). */
  action: string;
  /** Container or network id, image reference, volume name. */
  id: string;
  /** Name, when the object has one. */
  name?: string;
  /** Attributes (labels of containers, `image`, `exitCode` …). */
  attributes?: Record<string, string>;
}

/**
 * The mock engine's event feed of `engineEvents$`: containers, images, networks and volumes, as Docker's
 * `GET /events` reports them (a container's labels, `image` and `name` among its attributes). Hot: a
 * subscriber sees what happens after it subscribed.
 */
export class EngineEventFeed {
  readonly #events = new Subject<EngineEvent>();
  readonly #closing = new Subject<void>();
  #closed = false;

  /** Publishes an event now (dropped once {@link close}d). */
  publish(init: EngineEventInit): void {
    if (this.#closed) return;
    const attributes = { ...(init.attributes ?? {}) };
    if (init.name !== undefined) attributes['name'] ??= init.name;
    const event: EngineEvent = { type: init.type, action: init.action, id: init.id, attributes, timestamp: new Date() };
    if (init.name !== undefined) event.name = init.name;
    this.#events.next(event);
  }

  /** Events matching `eventFilter` from now on, until unsubscribed or {@link close}d. */
  events$(eventFilter?: EngineEventFilter): Observable<EngineEvent> {
    return this.#events.pipe(
      filter((e) => matchesEngineEventFilter(e, eventFilter)),
      takeUntil(this.#closing),
    );
  }

  /** Completes every subscriber; later events are dropped. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.next();
    this.#closing.complete();
    this.#events.complete();
  }
}
