import { type DriverEvent, type DriverEventType, type EventFilter, EventHub } from '@berth/core';
import type { Observable } from 'rxjs';
import type { MockContainer } from './mock-container.js';

/** The driver's event feed: container events stamped with the container's id, labels and session. */
export class ContainerEvents {
  readonly #hub = new EventHub();

  /** Publishes a `type` event of `c` (with `extra` fields such as `exitCode` or `healthy`). */
  emit(c: MockContainer, type: DriverEventType, extra: Partial<DriverEvent> = {}): void {
    this.#hub.publish({
      type,
      containerId: c.id,
      timestamp: new Date(),
      labels: { ...c.labels },
      ...(c.sessionId === null ? {} : { sessionId: c.sessionId }),
      ...extra,
    });
  }

  /** Events matching `eventFilter` from now on, until unsubscribed or {@link close}d. */
  events$(eventFilter?: EventFilter): Observable<DriverEvent> {
    return this.#hub.events$(eventFilter);
  }

  /** Completes every subscriber; later events are dropped. */
  close(): void {
    this.#hub.close();
  }
}
