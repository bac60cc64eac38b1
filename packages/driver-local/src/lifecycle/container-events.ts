import { type DriverEvent, type EventFilter, EventHub, validateEventFilter } from '@berth/core';
import { Observable } from 'rxjs';
import type { ContainerRecord } from '../state/records.js';

/**
 * The driver's lifecycle events: built from a container record (labels, session id) and sent through
 * core's `EventHub`, so `events$` filters exactly as core's `matchesEventFilter` does (`types: []` restricts
 * nothing). In this instance's memory only: another driver instance sees its own operations' events.
 */
export class ContainerEvents {
  readonly #hub = new EventHub();

  /** Publishes a `type` event of container `rec` (with `extra` fields such as `exitCode`). */
  publish(type: DriverEvent['type'], rec: ContainerRecord, extra: Partial<DriverEvent> = {}): void {
    const event: DriverEvent = { type, containerId: rec.id, timestamp: new Date(), labels: rec.labels, ...extra };
    if (rec.spec.sessionId !== undefined) event.sessionId = rec.spec.sessionId;
    this.#hub.publish(event);
  }

  /** {@inheritDoc @berth/core#ContainerDriver.events$} (an invalid filter errors the stream). */
  events$(f?: EventFilter): Observable<DriverEvent> {
    return new Observable<DriverEvent>((sub) => {
      try {
        validateEventFilter(f);
      } catch (err) {
        sub.error(err);
        return;
      }
      const subscription = this.#hub.events$(f).subscribe(sub);
      return () => subscription.unsubscribe();
    });
  }

  /** Completes every subscriber; later events are dropped and later `events$` complete at once. */
  close(): void {
    this.#hub.close();
  }
}
